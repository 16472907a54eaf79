import { expect } from 'chai';
import { TurnScheduler } from '../../adapter/turns/turnScheduler';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('TurnScheduler', () => {
  it('runs one conversation one turn at a time, in timestamp order', async () => {
    const scheduler = new TurnScheduler({ maxPending: 100, maxConcurrent: 10, onError: () => {} });
    const log: string[] = [];
    const gate = deferred();
    scheduler.enqueue(
      'c1',
      {
        timestamp: 30,
        run: async () => {
          log.push('start 30');
          await gate.promise;
          log.push('end 30');
        },
      },
      false,
    );
    scheduler.enqueue(
      'c1',
      {
        timestamp: 50,
        run: async () => {
          log.push('50');
        },
      },
      false,
    );
    scheduler.enqueue(
      'c1',
      {
        timestamp: 40,
        run: async () => {
          log.push('40');
        },
      },
      false,
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).to.deep.equal(['start 30']);
    gate.resolve();
    await scheduler.idle();
    expect(log).to.deep.equal(['start 30', 'end 30', '40', '50']);
  });

  it('keeps batch order for equal timestamps', async () => {
    const scheduler = new TurnScheduler({ maxPending: 100, maxConcurrent: 1, onError: () => {} });
    const log: number[] = [];
    for (const n of [1, 2, 3])
      scheduler.enqueue(
        'c',
        {
          timestamp: 5,
          run: async () => {
            log.push(n);
          },
        },
        false,
      );
    await scheduler.idle();
    expect(log).to.deep.equal([1, 2, 3]);
  });

  it('runs different conversations concurrently up to maxConcurrent', async () => {
    const scheduler = new TurnScheduler({ maxPending: 100, maxConcurrent: 2, onError: () => {} });
    const gate = deferred();
    let peak = 0;
    for (const key of ['a', 'b', 'c', 'd']) {
      scheduler.enqueue(
        key,
        {
          timestamp: 1,
          run: async () => {
            peak = Math.max(peak, scheduler.runningCount);
            await gate.promise;
          },
        },
        false,
      );
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(scheduler.runningCount).to.equal(2);
    gate.resolve();
    await scheduler.idle();
    expect(peak).to.equal(2);
  });

  it('bounds the backlog: reservations fail past maxPending and are given back', async () => {
    const scheduler = new TurnScheduler({ maxPending: 3, maxConcurrent: 1, onError: () => {} });
    expect(scheduler.tryReserve(2)).to.equal(true);
    expect(scheduler.tryReserve(2)).to.equal(false);
    scheduler.release(1);
    expect(scheduler.pending).to.equal(1);
    const gate = deferred();
    scheduler.enqueue('a', { timestamp: 1, run: () => gate.promise }, true);
    expect(scheduler.pending).to.equal(1);
    expect(scheduler.tryReserve(2)).to.equal(true);
    expect(scheduler.tryReserve(1)).to.equal(false);
    gate.resolve();
    scheduler.release(2);
    await scheduler.idle();
    expect(scheduler.pending).to.equal(0);
  });

  it('reports a rejecting turn and goes on with the next', async () => {
    const errors: unknown[] = [];
    const scheduler = new TurnScheduler({ maxPending: 10, maxConcurrent: 1, onError: (e) => errors.push(e) });
    const log: string[] = [];
    scheduler.enqueue(
      'a',
      {
        timestamp: 1,
        run: async () => {
          throw new Error('boom');
        },
      },
      false,
    );
    scheduler.enqueue(
      'a',
      {
        timestamp: 2,
        run: async () => {
          log.push('next');
        },
      },
      false,
    );
    await scheduler.idle();
    expect(errors).to.have.length(1);
    expect(log).to.deep.equal(['next']);
  });
});

describe('TurnScheduler batches', () => {
  it('sorts a batch enqueued together before its first turn starts', async () => {
    const scheduler = new TurnScheduler({ maxPending: 10, maxConcurrent: 10, onError: () => {} });
    const log: number[] = [];
    for (const ts of [30, 10, 20])
      scheduler.enqueue(
        'c',
        {
          timestamp: ts,
          run: async () => {
            log.push(ts);
          },
        },
        false,
      );
    await scheduler.idle();
    expect(log).to.deep.equal([10, 20, 30]);
  });
});

import type { TurnContext } from 'botbuilder';
import { expect } from 'chai';
import { MessengerError } from '../../adapter/errors';
import { MessengerAdapter } from '../../adapter/messengerAdapter';
import { MemoryStateStore } from '../../adapter/state/memoryStateStore';
import { envelope, mid, T0, textEvent, USER_ID, USER_ID_2 } from '../helpers/envelopes';
import { testAdapter } from '../helpers/testAdapter';
import { fakeResponse, signedPost } from '../helpers/webhookRequests';

type Logic = (context: TurnContext) => Promise<void>;

const makeAdapter = testAdapter;

async function post(adapter: MessengerAdapter, body: unknown, logic: Logic) {
  const { req } = signedPost(body);
  const res = fakeResponse();
  await adapter.process(req, res, logic);
  return res;
}

/**
 * A store that stalls like a frozen Redis: while stalled, every call fails at once for its caller
 * (as a command timeout does) but stays queued, and runs in order when the store resumes. Like
 * `RedisStateStore` it takes raw commands; only the compare-and-delete script is emulated.
 */
class StallingStore extends MemoryStateStore {
  private queue: Array<() => Promise<unknown>> = [];
  stalled = false;
  readonly prefix = 'test:';

  redisCommand(args: readonly [string, ...string[]]): Promise<unknown> {
    return this.stall(async () => {
      const [command, , , key, value] = args;
      if (command !== 'EVAL' || key === undefined || value === undefined) throw new Error('not emulated');
      const bare = key.slice(this.prefix.length);
      if ((await super.get(bare)) !== JSON.parse(value)) return 0;
      await super.delete(bare);
      return 1;
    });
  }

  async resume(): Promise<void> {
    this.stalled = false;
    for (const op of this.queue.splice(0)) await op();
  }

  private stall<T>(op: () => Promise<T>): Promise<T> {
    if (!this.stalled) return op();
    this.queue.push(op);
    return Promise.reject(new MessengerError('STORE_UNAVAILABLE', 'command timed out'));
  }

  override get<T>(key: string): Promise<T | undefined> {
    return this.stall(() => super.get<T>(key));
  }
  override setIfAbsent<T>(key: string, value: T, ttlMs?: number): Promise<boolean> {
    return this.stall(() => super.setIfAbsent(key, value, ttlMs));
  }
  override delete(key: string): Promise<void> {
    return this.stall(() => super.delete(key));
  }
}

function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe('EventIntake faults (no acknowledged event lost)', () => {
  let adapter: MessengerAdapter;
  afterEach(async () => {
    await adapter?.close({ deadlineMs: 1000 });
  });

  it('fault 1: a store that stalls and then runs the late SET NX does not drop Meta\'s redelivery', async () => {
    const store = new StallingStore();
    adapter = makeAdapter({ store });
    const texts: string[] = [];
    const logic: Logic = async (context) => {
      texts.push(context.activity.text ?? '');
    };
    const body = envelope([{ messaging: [textEvent('during the stall', { mid: 'm_stall_1' })] }]);
    store.stalled = true;
    const refused = await post(adapter, body, logic);
    expect([refused.statusCode, JSON.parse(refused.body).error.code]).to.deep.equal([503, 'STORE_UNAVAILABLE']);
    await store.resume(); // the late SET NX runs, then the release queued behind it
    const redelivered = await post(adapter, body, logic);
    await adapter.whenIdle();
    expect(redelivered.statusCode).to.equal(200);
    expect(texts).to.deep.equal(['during the stall']);
    store.close();
  });

  it('fault 2: an unknown event nested 5,000 levels deep is answered without a 5xx and leaks no backlog slot', async () => {
    adapter = makeAdapter({ maxPendingEvents: 1, maxBodyBytes: 5_000_000 });
    const weird = { sender: { id: USER_ID }, recipient: { id: '370873143344730' }, timestamp: T0 };
    const seen: string[] = [];
    // JSON.stringify itself cannot go this deep: build the text as a sender would.
    const inner = `${'{"nested":'.repeat(5000)}{"leaf":true}${'}'.repeat(5000)}`;
    const raw = JSON.stringify(envelope([{ messaging: [{ ...weird, mystery: 0 }] }])).replace('"mystery":0', `"mystery":${inner}`);
    const first = await post(adapter, raw, async (context) => {
      seen.push(context.activity.type ?? '');
    });
    expect(first.statusCode).to.equal(200);
    await adapter.whenIdle();
    const next = await post(adapter, envelope([{ messaging: [textEvent('after')] }]), async (context) => {
      seen.push(context.activity.text ?? '');
    });
    await adapter.whenIdle();
    expect(next.statusCode).to.equal(200);
    expect(seen).to.deep.equal(['event', 'after']);
  });

  it('fault 2: a store that throws synchronously answers 503 and releases the reserved room', async () => {
    let throwing = true;
    class ThrowingStore extends MemoryStateStore {
      override setIfAbsent<T>(key: string, value: T, ttlMs?: number): Promise<boolean> {
        if (throwing) throw new MessengerError('STORE_UNAVAILABLE', 'sync failure');
        return super.setIfAbsent(key, value, ttlMs);
      }
    }
    const store = new ThrowingStore();
    adapter = makeAdapter({ store, maxPendingEvents: 2 });
    const texts: string[] = [];
    const logic: Logic = async (context) => {
      texts.push(context.activity.text ?? '');
    };
    const body = envelope([{ messaging: [textEvent('a'), textEvent('b', { userId: USER_ID_2 })] }]);
    const down = await post(adapter, body, logic);
    expect([down.statusCode, JSON.parse(down.body).error.code]).to.deep.equal([503, 'STORE_UNAVAILABLE']);
    throwing = false;
    const up = await post(adapter, body, logic);
    await adapter.whenIdle();
    expect(up.statusCode).to.equal(200);
    expect(texts).to.have.members(['a', 'b']);
    store.close();
  });

  it('fault 2: duplicates give their reserved room back', async () => {
    adapter = makeAdapter({ maxPendingEvents: 2 });
    const hold = gate();
    const texts: string[] = [];
    const logic: Logic = async (context) => {
      await hold.promise;
      texts.push(context.activity.text ?? '');
    };
    const a = textEvent('a', { mid: mid() });
    expect((await post(adapter, envelope([{ messaging: [a] }]), logic)).statusCode).to.equal(200);
    // Two redeliveries of `a` while its turn is held: each reserves a slot and must give it back.
    for (let i = 0; i < 3; i++) {
      expect((await post(adapter, envelope([{ messaging: [a] }]), logic)).statusCode).to.equal(200);
    }
    const b = await post(adapter, envelope([{ messaging: [textEvent('b', { userId: USER_ID_2 })] }]), logic);
    expect(b.statusCode).to.equal(200);
    hold.open();
    await adapter.whenIdle();
    expect(texts).to.have.members(['a', 'b']);
  });

  it('fault 4: a batch larger than maxPendingEvents is accepted once the backlog has room, not refused forever', async () => {
    adapter = makeAdapter({ maxPendingEvents: 3 });
    const texts: string[] = [];
    const events = ['1', '2', '3', '4', '5'].map((t, i) => textEvent(t, { timestamp: T0 + i }));
    const res = await post(adapter, envelope([{ messaging: events }]), async (context) => {
      texts.push(context.activity.text ?? '');
    });
    await adapter.whenIdle();
    expect(res.statusCode).to.equal(200);
    expect(texts).to.deep.equal(['1', '2', '3', '4', '5']);
  });

  it('close(): new POSTs get 503, queued turns run until the deadline, the rest is counted and logged without contents', async () => {
    const logged: Array<[string, Record<string, unknown> | undefined]> = [];
    adapter = makeAdapter({ maxConcurrentTurns: 1, logger: { error: (m, d) => logged.push([m, d]) } });
    const hold = gate();
    const ran: string[] = [];
    const logic: Logic = async (context) => {
      ran.push(context.activity.text ?? '');
      if (context.activity.text === 'slow') await hold.promise;
    };
    await post(
      adapter,
      envelope([{ messaging: [textEvent('quick'), textEvent('slow', { userId: USER_ID_2, timestamp: T0 + 1 })] }]),
      logic,
    );
    await post(adapter, envelope([{ messaging: [textEvent('secret text', { timestamp: T0 + 2 })] }]), logic);
    const closing = adapter.close({ deadlineMs: 200 });
    const refused = await post(adapter, envelope([{ messaging: [textEvent('late')] }]), logic);
    expect([refused.statusCode, JSON.parse(refused.body).error.code]).to.deep.equal([503, 'QUEUE_FULL']);
    const report = await closing;
    hold.open();
    expect(ran).to.deep.equal(['quick', 'slow']);
    expect(report).to.deep.equal({ notStarted: 1, stillRunning: 1, unreleasedMarks: 0, handedOver: 0 });
    expect(logged).to.have.length(1);
    expect(JSON.stringify(logged)).not.to.contain('secret');
    expect(logged[0]?.[1]).to.deep.equal({ notStarted: 1, stillRunning: 1, unreleasedMarks: 0, handedOver: 0 });
  });
});

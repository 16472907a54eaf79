import type { EventLoopUtilization } from 'node:perf_hooks';
import { expect } from 'chai';
import {
  AdaptiveConcurrency,
  LOAD_SAMPLE_MS,
  MIN_ADAPTIVE_CONCURRENCY,
} from '../../adapter/turns/adaptiveConcurrency';
import { TurnScheduler } from '../../adapter/turns/turnScheduler';

/** A meter whose utilization over the next sample is `next.value`, and a clock the test moves. */
function fakeLoop() {
  const next = { value: 0 };
  let total = 0;
  const meter = (previous?: EventLoopUtilization): EventLoopUtilization =>
    previous === undefined
      ? { idle: 0, active: (total += 1), utilization: 0 }
      : { idle: 0, active: 0, utilization: next.value };
  const clock = { at: 0 };
  return { next, meter, clock, now: () => clock.at };
}

/**
 * `count` samples LOAD_SAMPLE_MS apart at `utilization`, each after turns were started with `active`
 * running (default: every slot) and one still waiting; returns the limit after each.
 */
function sample(
  limit: AdaptiveConcurrency,
  loop: ReturnType<typeof fakeLoop>,
  count: number,
  utilization: number,
  { turnMs = 5 as number | undefined, active = undefined as number | undefined } = {},
): number[] {
  loop.next.value = utilization;
  const seen: number[] = [];
  for (let i = 0; i < count; i++) {
    loop.clock.at += LOAD_SAMPLE_MS;
    limit.observe(active ?? limit.limit, true, turnMs);
    seen.push(limit.limit);
  }
  return seen;
}

describe('AdaptiveConcurrency (fewer concurrent turns while the CPU is saturated)', () => {
  it('starts at the maximum and keeps it while the loop has room', () => {
    const loop = fakeLoop();
    const limit = new AdaptiveConcurrency(100, loop.meter, loop.now);
    sample(limit, loop, 5, 0.5, { active: 100 });
    expect(limit.limit).to.equal(100);
  });

  it('shrinks by a quarter per sample from the second saturated sample in a row, with every slot taken, down to its floor', () => {
    const loop = fakeLoop();
    const limit = new AdaptiveConcurrency(100, loop.meter, loop.now);
    const seen = sample(limit, loop, 12, 0.97);
    expect(seen.slice(0, 5)).to.deep.equal([100, 75, 56, 42, 31]);
    expect(seen.at(-1)).to.equal(MIN_ADAPTIVE_CONCURRENCY);
  });

  it('does not shrink when saturated by something else while slots are free', () => {
    const loop = fakeLoop();
    const limit = new AdaptiveConcurrency(100, loop.meter, loop.now);
    loop.next.value = 0.99;
    loop.clock.at = LOAD_SAMPLE_MS;
    limit.observe(3, false, 5);
    expect(limit.limit).to.equal(100);
  });

  it('samples at most every LOAD_SAMPLE_MS', () => {
    const loop = fakeLoop();
    const limit = new AdaptiveConcurrency(100, loop.meter, loop.now);
    loop.next.value = 0.99;
    loop.clock.at = LOAD_SAMPLE_MS;
    limit.observe(100, true, 5);
    loop.clock.at = 2 * LOAD_SAMPLE_MS - 1;
    limit.observe(100, true, 5);
    expect(limit.limit).to.equal(100);
    loop.clock.at = 2 * LOAD_SAMPLE_MS;
    limit.observe(100, true, 5);
    expect(limit.limit).to.equal(75);
  });

  it('never takes slots from long turns (waiting on I/O), however busy the loop, and gives them back', () => {
    const loop = fakeLoop();
    const limit = new AdaptiveConcurrency(100, loop.meter, loop.now);
    sample(limit, loop, 4, 0.99);
    expect(limit.limit).to.equal(42);
    sample(limit, loop, 16, 0.99, { turnMs: 2000 });
    expect(limit.limit).to.equal(100);
  });

  it('does not shrink on one saturated sample, nor before a turn has finished', () => {
    const loop = fakeLoop();
    const limit = new AdaptiveConcurrency(100, loop.meter, loop.now);
    loop.next.value = 0.99;
    loop.clock.at = LOAD_SAMPLE_MS;
    limit.observe(100, true, 5);
    loop.next.value = 0.5;
    loop.clock.at = 2 * LOAD_SAMPLE_MS;
    limit.observe(100, true, 5);
    loop.next.value = 0.99;
    loop.clock.at = 3 * LOAD_SAMPLE_MS;
    limit.observe(100, true, 5);
    loop.clock.at = 4 * LOAD_SAMPLE_MS;
    limit.observe(100, true, undefined);
    expect(limit.limit).to.equal(100);
  });

  it('grows back towards the maximum once the loop has room again', () => {
    const loop = fakeLoop();
    const limit = new AdaptiveConcurrency(100, loop.meter, loop.now);
    sample(limit, loop, 12, 0.99);
    const seen = sample(limit, loop, 18, 0.3);
    expect(seen.slice(0, 3)).to.deep.equal([11, 15, 20]);
    expect(seen.at(-1)).to.equal(100);
  });

  it('never goes below maxConcurrent when that is under the floor', () => {
    const loop = fakeLoop();
    const limit = new AdaptiveConcurrency(3, loop.meter, loop.now);
    sample(limit, loop, 5, 1, { active: 3 });
    expect(limit.limit).to.equal(3);
  });

  it('lets TurnScheduler report its limit, and fixedConcurrency keeps maxConcurrent', () => {
    const adaptive = new TurnScheduler({ maxPending: 10, maxConcurrent: 50, onError: () => {} });
    const fixed = new TurnScheduler({ maxPending: 10, maxConcurrent: 50, fixedConcurrency: true, onError: () => {} });
    expect([adaptive.concurrencyLimit, fixed.concurrencyLimit]).to.deep.equal([50, 50]);
  });

  it('runs fewer turns at once while turns keep the CPU busy, and every turn still runs', async () => {
    const scheduler = new TurnScheduler({ maxPending: 1000, maxConcurrent: 40, onError: () => {} });
    let running = 0;
    let finished = 0;
    const busy = (ms: number) => {
      const end = performance.now() + ms;
      while (performance.now() < end);
    };
    for (let i = 0; i < 300; i++) {
      scheduler.enqueue(`c${i}`, {
        timestamp: i,
        run: async () => {
          running++;
          for (let step = 0; step < 3; step++) {
            busy(0.5);
            await new Promise((resolve) => setImmediate(resolve));
          }
          running--;
          finished++;
        },
      }, false);
    }
    await scheduler.idle();
    expect(finished).to.equal(300);
    expect(scheduler.concurrencyLimit).to.be.below(40);
    expect(running).to.equal(0);
  });
});

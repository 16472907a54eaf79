/**
 * Issue #19: an account queue with several conversations waiting asks a backend that offers
 * `acquireMany` (Redis) for all their slots in one call, one round trip, instead of one call each,
 * with the same decisions as that many single calls at one instant.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import sinon from 'sinon';
import type { SendResult } from '../../../adapter/sendPipeline';
import {
  type AcquireManyResult,
  type AcquireRequest,
  type BudgetState,
  decideAcquire,
  decideAcquireMany,
  type RateLimitBackend,
} from '../../../middleware/rateLimit/backend';
import { MAX_SLOTS_PER_CALL } from '../../../middleware/rateLimit/accountQueue';
import { MemoryRateLimitBackend } from '../../../middleware/rateLimit/memoryBackend';
import { RateLimiter } from '../../../middleware/rateLimit/rateLimiter';
import { FakeGraph, maxInWindow, sendOp, T0, track } from './helpers';

/** A backend over the network: answers after `latencyMs`, and takes several slots in one call. */
class RemoteBackend implements RateLimitBackend {
  readonly calls: string[] = [];
  private readonly memory = new MemoryRateLimitBackend();

  constructor(private readonly latencyMs = 1) {}

  async acquire(request: AcquireRequest) {
    this.calls.push('acquire');
    await this.roundTrip();
    return this.memory.acquire(request);
  }

  async acquireMany(request: AcquireRequest, count: number): Promise<AcquireManyResult> {
    this.calls.push(`acquireMany ${count}`);
    await this.roundTrip();
    let granted = 0;
    while (granted < count) {
      const result = this.memory.acquire(request);
      if (!result.granted) return { granted, retryInMs: result.retryInMs, paused: result.paused };
      granted++;
    }
    return { granted, retryInMs: 0, paused: false };
  }

  pause(account: string, forMs: number) {
    return this.memory.pause(account, forMs);
  }

  slowDown(account: string, factor: number, forMs: number) {
    return this.memory.slowDown(account, factor, forMs);
  }

  private roundTrip(): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, this.latencyMs));
  }
}

describe('decideAcquireMany', () => {
  it('grants what that many decideAcquire calls at the same instant grant, and stops at the first refusal', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 60 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 80 }), fc.integer({ min: 1, max: 12 })), { minLength: 1, maxLength: 40 }),
        (limit, burstMs, steps) => {
          const request = { limit, windowMs: 1010, burstMs };
          const batched: BudgetState = { tat: 0, log: [] };
          const single: BudgetState = { tat: 0, log: [] };
          let now = T0;
          for (const [gap, count] of steps) {
            now += gap;
            const many = decideAcquireMany(batched, request, now, 0, 1, count);
            let granted = 0;
            let last = decideAcquire(single, request, now, 0, 1);
            while (last.granted && ++granted < count) last = decideAcquire(single, request, now, 0, 1);
            expect(many.granted).to.equal(granted);
            expect(many.retryInMs).to.equal(last.granted ? 0 : last.retryInMs);
            expect(batched).to.deep.equal(single);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('grants nothing while paused, and says so', () => {
    const state: BudgetState = { tat: 0, log: [] };
    expect(decideAcquireMany(state, { limit: 10, windowMs: 1000, burstMs: 0 }, T0, T0 + 500, 1, 5)).to.deep.equal({
      granted: 0,
      retryInMs: 500,
      paused: true,
    });
  });
});

describe('RateLimiter with a backend that offers acquireMany', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: T0 });
  });
  afterEach(() => clock.restore());

  function queue(limiter: RateLimiter, graph: FakeGraph, users: number, perUser: number) {
    const results: ReturnType<typeof track<SendResult>>[] = [];
    for (let seq = 1; seq <= perUser; seq++) {
      for (let user = 0; user < users; user++) results.push(track(limiter.send(sendOp({ user, seq }), graph.send)));
    }
    return results;
  }

  it('asks once for every conversation waiting, and sends them in turn, one message per conversation at a time', async () => {
    const backend = new RemoteBackend();
    const limiter = new RateLimiter({ backend, perSecond: 300 });
    const graph = new FakeGraph(5);
    const results = queue(limiter, graph, 10, 2);
    await clock.tickAsync(1_000);
    expect(results.every((r) => r.settled && r.error === undefined)).to.equal(true);
    // 10 conversations: one call for their first messages; their second ones once the first were answered
    // 20 messages, 6 backend calls: the 10 first messages at once; the second ones as their conversations
    // free up, in batches, until the burst tolerance is spent and the pace takes over (single slots)
    expect(backend.calls).to.deep.equal(['acquireMany 10', 'acquire', 'acquireMany 9', 'acquireMany 3', 'acquireMany 2', 'acquire']);
    expect(graph.calls.slice(0, 10).map((call) => call.tag)).to.deep.equal(
      Array.from({ length: 10 }, (_, user) => `${user}:1`),
    );
    expect(graph.calls.map((call) => call.tag).filter((tag) => tag.endsWith(':2'))).to.have.length(10);
  });

  it('keeps the pace and the cap: never more than perSecond in any window, with batches of up to MAX_SLOTS_PER_CALL', async () => {
    const backend = new RemoteBackend(2);
    const limiter = new RateLimiter({ backend, perSecond: 100 });
    const graph = new FakeGraph(20);
    const results = queue(limiter, graph, 60, 10); // 600 messages, 6 s at 100/s
    await clock.tickAsync(8_000);
    expect(results.every((r) => r.settled && r.error === undefined)).to.equal(true);
    const times = graph.times();
    expect(times).to.have.length(600);
    expect(maxInWindow(times, 1000)).to.be.at.most(100);
    expect(maxInWindow(times, 1010)).to.be.at.most(100);
    const counts = backend.calls.map((call) => Number(call.split(' ')[1] ?? 1));
    expect(Math.max(...counts)).to.equal(MAX_SLOTS_PER_CALL);
  });

  it('slots granted for conversations that stopped waiting meanwhile go unused: nothing is sent for them', async () => {
    const backend = new RemoteBackend(50);
    const limiter = new RateLimiter({ backend, perSecond: 300, maxWaitMs: 20 });
    const graph = new FakeGraph(5);
    const waiting = [0, 1, 2, 3].map((user) => track(limiter.send(sendOp({ user, seq: 1 }), graph.send)));
    await clock.tickAsync(500);
    expect(backend.calls[0]).to.equal('acquireMany 4');
    // all four gave up at 20 ms; the four slots granted at 50 ms are not used
    expect(waiting.map((r) => (r.error as { code?: string } | undefined)?.code)).to.deep.equal([
      'RATE_LIMITED',
      'RATE_LIMITED',
      'RATE_LIMITED',
      'RATE_LIMITED',
    ]);
    expect(graph.calls).to.deep.equal([]);
  });

  it('after a partial grant, the rest wait for the time the backend says', async () => {
    const backend = new RemoteBackend(1);
    const limiter = new RateLimiter({ backend, perSecond: 10, burstToleranceMs: 0 });
    const graph = new FakeGraph(1);
    queue(limiter, graph, 3, 1);
    await clock.tickAsync(400);
    // 10/s without tolerance: one at once, then one per 100 ms (plus the 1 ms round trip of each ask)
    expect(graph.calls.map((call) => [call.tag, call.at - T0])).to.deep.equal([
      ['0:1', 1],
      ['1:1', 103],
      ['2:1', 205],
    ]);
    expect(backend.calls[0]).to.equal('acquireMany 3');
  });
});

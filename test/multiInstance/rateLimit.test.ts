/**
 * Issue #10, one Page budget across instances: A and B send at the same time, and together they never
 * exceed the Page's send rate in any 1 s window, while each conversation keeps its order.
 *
 * Real time: the limiter's shared budget lives in Redis and is timed by the Redis server clock, which
 * fake timers cannot move. The budget is kept small (10 per second) so each test takes about 2 s.
 */
import { expect } from 'chai';
import Redis from 'ioredis';
import { RateLimitMiddleware, RedisRateLimitBackend } from '../../middleware/rateLimit';
import {
  type BotInstance,
  busiestWindow,
  closePair,
  deleteRunKeys,
  NEEDS_REDIS,
  openPair,
  type Pair,
  redisBacking,
  referenceOf,
  TEST_REDIS_URL,
  USER_ID,
  USER_ID_2,
} from './helpers';
import { requireRedis } from '../helpers/liveRedis';

/** Sends per second per Page in these tests. */
const LIMIT = 10;
/** Messages each instance sends. */
const PER_INSTANCE = 12;
/**
 * Extra ms on the 1 s window the limiter checks (its `windowSlackMs` option): what separates a grant
 * from Graph receiving the call (here an in-process nock, but on a loaded CI machine a few ms).
 */
const WINDOW_SLACK_MS = 100;

/** One proactive turn of `instance` sending `count` texts to `userId` (a batch, in order). */
function burst(instance: BotInstance, userId: string, count: number): Promise<unknown> {
  return instance.proactive(referenceOf(userId), async (context) => {
    await context.sendActivities(
      Array.from({ length: count }, (_, index) => ({
        type: 'message',
        text: `${instance.name}-${index + 1}`,
      })),
    );
  });
}

/** Checks what Graph received: every message, in order per conversation, within the budget. */
function expectWithinBudget(pair: Pair): void {
  const { graph } = pair;
  const sends = graph.sends();
  expect(sends).to.have.length(2 * PER_INSTANCE);
  const textsTo = (userId: string) =>
    sends
      .filter((call) => (call.body.recipient as { id: string }).id === userId)
      .map((call) => (call.body.message as { text: string }).text);
  const expected = (name: string) =>
    Array.from({ length: PER_INSTANCE }, (_, index) => `${name}-${index + 1}`);
  expect(textsTo(USER_ID), 'A’s conversation, in order').to.deep.equal(expected('A'));
  expect(textsTo(USER_ID_2), 'B’s conversation, in order').to.deep.equal(expected('B'));
  expect(
    busiestWindow(
      sends.map((call) => call.at),
      1000,
    ),
    'sends in the busiest 1 s',
  ).to.be.at.most(LIMIT);
  // Both instances really sent in parallel (neither waited for the other to finish).
  const firstOf = (name: string) => sends.findIndex((call) => call.instance === name);
  const lastOf = (name: string) => sends.map((call) => call.instance).lastIndexOf(name);
  expect(firstOf('B')).to.be.below(lastOf('A'));
  expect(firstOf('A')).to.be.below(lastOf('B'));
}

describe(`Two instances, one Page budget (real time, ~2 s per test)${NEEDS_REDIS}`, function () {
  this.timeout(20_000);
  const backing = redisBacking();
  let pair: Pair | undefined;
  let clients: Redis[] = [];

  before(function () {
    requireRedis(this);
  });
  afterEach(async () => {
    await closePair(pair, backing);
    pair = undefined;
    await Promise.all(clients.map((client) => client.quit()));
    clients = [];
  });
  after(deleteRunKeys);

  it('A and B share the budget through RateLimitMiddleware({ perSecond, store })', async () => {
    pair = openPair(backing, Date.now(), { rateLimit: { perSecond: LIMIT, windowSlackMs: WINDOW_SLACK_MS } });
    const results = await Promise.all([
      burst(pair.a, USER_ID, PER_INSTANCE),
      burst(pair.b, USER_ID_2, PER_INSTANCE),
    ]);
    expect(results).to.deep.equal([undefined, undefined]);
    expectWithinBudget(pair);
  });

  it('A and B share the budget through a RedisRateLimitBackend each, on the same Redis and prefix', async () => {
    pair = openPair(backing, Date.now(), { rateLimit: false });
    // Each instance has its own Redis connection, backend and middleware, as two processes would.
    clients = [new Redis(TEST_REDIS_URL), new Redis(TEST_REDIS_URL)];
    for (const [index, instance] of [pair.a, pair.b].entries()) {
      const backend = new RedisRateLimitBackend({ client: clients[index] as Redis, prefix: pair.prefix });
      instance.adapter.use(
        new RateLimitMiddleware({ perSecond: LIMIT, windowSlackMs: WINDOW_SLACK_MS, backend }),
      );
    }
    const started = Date.now();
    const results = await Promise.all([
      burst(pair.a, USER_ID, PER_INSTANCE),
      burst(pair.b, USER_ID_2, PER_INSTANCE),
    ]);
    expect(results).to.deep.equal([undefined, undefined]);
    expectWithinBudget(pair);
    // 24 sends at 10 per second cannot take much less than 1.4 s.
    expect(Date.now() - started).to.be.at.least(1300);
  });
});

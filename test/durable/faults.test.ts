import type { TurnContext } from 'botbuilder';
import { expect } from 'chai';
import { RedisStateStore } from '../../adapter/state/redisStateStore';
import { envelope, textEvent } from '../helpers/envelopes';
import { testAdapter } from '../helpers/testAdapter';
import { fakeResponse, signedPost } from '../helpers/webhookRequests';
import { type FloodFigures, flood, type Instance, startInstances, stopInstances, waitForBalance } from './support/flood';
import { hasRedisServer, type PrivateRedis, startRedisServer } from './support/redisServer';
import { requireRedis } from '../helpers/liveRedis';

/**
 * Multi-process fault tests of durable intake (issue #18): bot instances in child processes share one
 * private `redis-server`, "Meta" floods them with signed batches and delivers refused ones again, and a
 * fault is injected half-way. Every acknowledged event's turn must run, in conversation order.
 */
describe('durable intake under faults (child processes, private redis-server)', function () {
  this.timeout(90_000);
  let redis: PrivateRedis | undefined;
  let instances: Instance[] = [];

  before(function () {
    requireRedis(this, hasRedisServer(), 'no redis-server binary on the PATH (apt-get install redis-server)');
  });
  afterEach(async () => {
    await stopInstances(instances);
    instances = [];
    await redis?.stop();
    redis = undefined;
  });

  function report(title: string, figures: FloodFigures): void {
    console.log(
      `      ${title}: acknowledged ${figures.acknowledged}, processed ${figures.processed}, duplicated ${figures.duplicated}, ` +
        `lost ${figures.lost}, out of order ${figures.outOfOrder}, deliveries refused ${figures.refused}, ` +
        `recovered ${figures.recoverMs} ms after the fault, all done in ${figures.totalMs} ms`,
    );
  }

  it('SIGKILL of one of three instances mid-flood: every acknowledged event runs, in order, within a bounded time', async () => {
    redis = await startRedisServer(6391);
    const ran: string[] = [];
    const perInstance = [0, 0, 0];
    instances = await startInstances(3, { REDIS_URL: redis.url, PREFIX: 'kill:', LEASE_MS: '1500' }, (text, index) => {
      ran.push(text);
      perInstance[index] = (perInstance[index] ?? 0) + 1;
    });
    await waitForBalance(redis.url, 'kill:', 8, 3);
    const victim = instances[0] as Instance;
    const figures = await flood({
      instances,
      lanes: 4,
      batchesPerLane: 60,
      eventsPerBatch: 5,
      fault: () => victim.child.kill('SIGKILL'),
      settleMs: 20_000,
      ran,
    });
    report('SIGKILL', figures);
    console.log(`      turns run per instance (the first was killed): ${perInstance.join(', ')}`);
    for (const count of perInstance) expect(count).to.be.greaterThan(0);
    expect(figures.lost).to.equal(0);
    expect(figures.outOfOrder).to.equal(0);
    expect(figures.processed).to.equal(figures.acknowledged);
    // Runs again only what finished in the milliseconds between the end of a turn and its XACK.
    expect(figures.duplicated).to.be.at.most(Math.ceil(figures.acknowledged * 0.01));
    expect(figures.recoverMs).to.be.lessThan(10_000);
  });

  it('Redis frozen (SIGSTOP) for 3 s mid-flood, then resumed: nothing lost', async () => {
    redis = await startRedisServer(6392);
    const server = redis;
    const ran: string[] = [];
    instances = await startInstances(2, { REDIS_URL: server.url, PREFIX: 'stall:', LEASE_MS: '5000' }, (text) =>
      ran.push(text),
    );
    await waitForBalance(server.url, 'stall:', 8, 2);
    const figures = await flood({
      instances,
      lanes: 4,
      batchesPerLane: 40,
      eventsPerBatch: 5,
      fault: () => {
        server.pause();
        setTimeout(() => server.resume(), 3000);
      },
      settleMs: 20_000,
      ran,
    });
    report('Redis SIGSTOP 3 s', figures);
    expect(figures.lost).to.equal(0);
    expect(figures.outOfOrder).to.equal(0);
    expect(figures.refused).to.be.greaterThan(0);
    expect(figures.duplicated).to.be.at.most(Math.ceil(figures.acknowledged * 0.01));
  });

  it('fault 1 on a real Redis: 20 events refused during a freeze all run once when Meta delivers them again', async () => {
    redis = await startRedisServer(6393);
    const server = redis;
    const store = new RedisStateStore({ url: server.url, prefix: 'f1:', commandTimeoutMs: 300 });
    const adapter = testAdapter({ store });
    const ran: string[] = [];
    const logic = async (context: TurnContext) => {
      ran.push(context.activity.text ?? '');
    };
    const bodies = Array.from({ length: 20 }, (_, i) =>
      envelope([{ messaging: [textEvent(`frozen ${i}`, { mid: `m_frozen_${i}`, userId: String(3_000_000_000_000 + i) })] }]),
    );
    const deliver = async (body: unknown) => {
      const { req } = signedPost(body);
      const res = fakeResponse();
      await adapter.process(req, res, logic);
      return res.statusCode;
    };
    try {
      await store.ping();
      server.pause();
      const during = await Promise.all(bodies.map(deliver));
      server.resume();
      await store.ping(); // the connection answers again: the late SET NX and their take-backs have run
      const after = await Promise.all(bodies.map(deliver));
      await adapter.whenIdle();
      console.log(`      Redis frozen: ${during.filter((s) => s === 503).length} of 20 answered 503; after resuming ${ran.length} of 20 ran`);
      expect(during).to.deep.equal(bodies.map(() => 503));
      expect(after).to.deep.equal(bodies.map(() => 200));
      expect(ran.slice().sort()).to.deep.equal(bodies.map((_, i) => `frozen ${i}`).sort());
    } finally {
      await adapter.close({ deadlineMs: 500 });
      await store.close();
    }
  });
});

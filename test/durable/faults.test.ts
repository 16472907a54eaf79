import { expect } from 'chai';
import { type FloodFigures, flood, type Instance, startInstances, stopInstances } from './support/flood';
import { hasRedisServer, type PrivateRedis, startRedisServer } from './support/redisServer';

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
    if (!hasRedisServer()) this.skip();
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
    instances = await startInstances(3, { REDIS_URL: redis.url, PREFIX: 'kill:', LEASE_MS: '1500' }, (text) =>
      ran.push(text),
    );
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
});

import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import fc from 'fast-check';
import Redis from 'ioredis';
import { MessengerError } from '../../../adapter/errors';
import { MemoryStateStore } from '../../../adapter/state/memoryStateStore';
import { RedisStateStore } from '../../../adapter/state/redisStateStore';
import { type AcquireRequest, type BudgetState, decideAcquire, decideAcquireMany } from '../../../middleware/rateLimit/backend';
import {
  isRedisCommandStore,
  type RedisCommand,
  RedisRateLimitBackend,
} from '../../../middleware/rateLimit/redisBackend';
import { ACQUIRE_SCRIPT, ACQUIRE_SHA } from '../../../middleware/rateLimit/redisScripts';
import { maxInWindow, PAGE_ID, PAGE_ID_2, T0 } from './helpers';
import { REDIS_URL, requireRedis } from '../../helpers/liveRedis';


describe('RedisRateLimitBackend', () => {
  describe('without a server', () => {
    it('needs exactly one of client and command', () => {
      expect(() => new RedisRateLimitBackend({})).to.throw(MessengerError, /exactly one of `client`/);
      expect(() => new RedisRateLimitBackend({ client: {} as never })).to.throw(
        MessengerError,
        /must be an ioredis client/,
      );
    });

    it('recognizes a store that offers its Redis connection, and no other', () => {
      const store = { prefix: 'shop-bot:', redisCommand: async () => 'OK' };
      expect(isRedisCommandStore(store)).to.equal(true);
      expect(RedisRateLimitBackend.fromStore(store)?.prefix).to.equal('shop-bot:');
      expect(isRedisCommandStore(new MemoryStateStore())).to.equal(false);
      expect(RedisRateLimitBackend.fromStore(new MemoryStateStore())).to.equal(undefined);
      expect(RedisRateLimitBackend.fromStore(undefined)).to.equal(undefined);
    });

    it('names keys with the prefix and an {account} hash tag (one Cluster slot per account)', () => {
      const backend = new RedisRateLimitBackend({ command: async () => null, prefix: 'shop-bot:' });
      expect(backend.key(PAGE_ID, 'text:l')).to.equal('shop-bot:rl:{370873143344730}:text:l');
    });

    it('sends EVALSHA first, and EVAL once when the server answers NOSCRIPT', async () => {
      const sent: string[][] = [];
      let first = true;
      const command: RedisCommand = async (args) => {
        sent.push([...args]);
        if (args[0] === 'EVALSHA' && first) {
          first = false;
          throw new Error('NOSCRIPT No matching script. Please use EVAL.');
        }
        return [1, 0, 0];
      };
      const backend = new RedisRateLimitBackend({ command, prefix: 'p:', clock: () => T0 });
      const request: AcquireRequest = {
        account: PAGE_ID,
        budget: 'media',
        limit: 8,
        windowMs: 1010,
        burstMs: 20,
      };
      expect(await backend.acquire(request)).to.deep.equal({ granted: true });
      expect(await backend.acquire(request)).to.deep.equal({ granted: true });
      expect(sent.map((args) => args[0])).to.deep.equal(['EVALSHA', 'EVAL', 'EVALSHA']);
      expect(sent[0]?.slice(1, 7)).to.deep.equal([
        ACQUIRE_SHA,
        '4',
        'p:rl:{370873143344730}:p',
        'p:rl:{370873143344730}:s',
        'p:rl:{370873143344730}:media:t',
        'p:rl:{370873143344730}:media:l',
      ]);
      expect(sent[0]?.slice(7, 11)).to.deep.equal(['8', '1010', '20', String(T0)]);
      expect(sent[1]?.[1]).to.equal(ACQUIRE_SCRIPT);
    });

    it('acquireMany sends how many slots it wants as the last argument, and reads the count granted', async () => {
      const sent: string[][] = [];
      const replies: unknown[] = [[3, 0, 0], [1, 40, 0], [0, 900, 1], [5, 0, 0]];
      const command: RedisCommand = async (args) => {
        sent.push([...args]);
        return replies.shift();
      };
      const backend = new RedisRateLimitBackend({ command, prefix: 'p:', clock: () => T0 });
      const request: AcquireRequest = { account: PAGE_ID, budget: 'text', limit: 240, windowMs: 1010, burstMs: 50 };
      expect(await backend.acquireMany(request, 3)).to.deep.equal({ granted: 3, retryInMs: 0, paused: false });
      expect(await backend.acquireMany(request, 4)).to.deep.equal({ granted: 1, retryInMs: 40, paused: false });
      expect(await backend.acquireMany(request, 4)).to.deep.equal({ granted: 0, retryInMs: 900, paused: true });
      expect(sent.map((args) => args.at(-1))).to.deep.equal(['3', '4', '4']);
      // more than asked for is not a reply this script gives
      const odd = await backend.acquireMany(request, 4).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(odd).to.be.instanceOf(MessengerError).with.property('code', 'STORE_UNAVAILABLE');
    });

    it('rejects with STORE_UNAVAILABLE when Redis fails, keeping the cause', async () => {
      const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6390'), {
        code: 'ECONNREFUSED',
      });
      const backend = new RedisRateLimitBackend({ command: () => Promise.reject(refused) });
      const error = await backend
        .acquire({ account: PAGE_ID, budget: 'text', limit: 1, windowMs: 1000, burstMs: 0 })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).to.be.instanceOf(MessengerError).with.property('code', 'STORE_UNAVAILABLE');
      expect((error as MessengerError).cause).to.equal(refused);
      expect((error as MessengerError).message).to.match(
        /could not reach Redis \(acquire: connect ECONNREFUSED/,
      );
    });

    it('keeps a STORE_UNAVAILABLE error from the store as it is', async () => {
      const fromStore = new MessengerError(
        'STORE_UNAVAILABLE',
        'Redis at 10.0.0.5:6379 did not answer within 2000 ms',
      );
      const backend = RedisRateLimitBackend.fromStore({
        prefix: 'x:',
        redisCommand: () => Promise.reject(fromStore),
      });
      const error = await backend?.pause(PAGE_ID, 1000).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.equal(fromStore);
    });

    it('rejects an unexpected reply as STORE_UNAVAILABLE', async () => {
      const backend = new RedisRateLimitBackend({ command: async () => 'OK' });
      const error = await backend
        .acquire({ account: PAGE_ID, budget: 'text', limit: 1, windowMs: 1000, burstMs: 0 })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).to.be.instanceOf(MessengerError).with.property('code', 'STORE_UNAVAILABLE');
    });
  });

  describe(`against a live Redis${REDIS_URL === undefined ? ' (needs REDIS_URL)' : ''}`, () => {
    let redis: Redis;
    let other: Redis;
    let prefix: string;

    before(function () {
      requireRedis(this);
    });
    beforeEach(() => {
      redis = new Redis(REDIS_URL as string, { lazyConnect: false, maxRetriesPerRequest: 1 });
      other = new Redis(REDIS_URL as string, { lazyConnect: false, maxRetriesPerRequest: 1 });
      prefix = `test-rl-${randomUUID()}:`;
    });
    afterEach(async () => {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
      other.disconnect();
    });

    it('makes the same decisions as decideAcquire (the Lua script and the reference agree)', async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 30 }),
          fc.integer({ min: 0, max: 60 }),
          fc.double({ min: 0.1, max: 1, noNaN: true }),
          fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 120 }),
          async (limit, burstMs, factor, gaps) => {
            const account = `acct-${run++}`;
            let now = T0;
            const backend = new RedisRateLimitBackend({ client: redis, prefix, clock: () => now });
            if (factor < 1) await backend.slowDown(account, factor, 3_600_000);
            const reference: BudgetState = { tat: 0, log: [] };
            const request: AcquireRequest = { account, budget: 'text', limit, windowMs: 1010, burstMs };
            for (const gap of gaps) {
              now += gap;
              const expected = decideAcquire(reference, request, now, 0, Math.min(factor, 1));
              expect(await backend.acquire(request)).to.deep.equal(expected);
            }
          },
        ),
        { numRuns: 25 },
      );
    });

    it('acquireMany makes the same decisions as decideAcquireMany, mixed with single acquires', async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 30 }),
          fc.integer({ min: 0, max: 60 }),
          fc.array(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 12 })), { minLength: 1, maxLength: 60 }),
          async (limit, burstMs, steps) => {
            const account = `acct-many-${run++}`;
            let now = T0;
            const backend = new RedisRateLimitBackend({ client: redis, prefix, clock: () => now });
            const reference: BudgetState = { tat: 0, log: [] };
            const request: AcquireRequest = { account, budget: 'text', limit, windowMs: 1010, burstMs };
            for (const [gap, count] of steps) {
              now += gap;
              if (count === 1) {
                expect(await backend.acquire(request)).to.deep.equal(decideAcquire(reference, request, now, 0, 1));
              } else {
                const expected = decideAcquireMany(reference, request, now, 0, 1, count);
                expect(await backend.acquireMany(request, count)).to.deep.equal(expected);
              }
            }
          },
        ),
        { numRuns: 25 },
      );
    });

    it('shares one budget between instances: together they never exceed the limit in any window', async () => {
      let now = T0;
      const a = new RedisRateLimitBackend({ client: redis, prefix, clock: () => now });
      const b = new RedisRateLimitBackend({ client: other, prefix, clock: () => now });
      const request: AcquireRequest = {
        account: PAGE_ID,
        budget: 'text',
        limit: 50,
        windowMs: 1000,
        burstMs: 1000,
      };
      const granted: number[] = [];
      for (let step = 0; step < 600; step++) {
        now = T0 + step * 5;
        // Each instance asks twice per step: together 400/s of demand for a 50/s budget.
        for (const backend of [a, b, a, b]) if ((await backend.acquire(request)).granted) granted.push(now);
      }
      expect(maxInWindow(granted, 1000)).to.equal(50);
      expect(granted.length).to.be.within(149, 151); // 3 s at 50/s
    });

    it('shares pauses and slow-downs between instances, per account', async () => {
      let now = T0;
      const a = new RedisRateLimitBackend({ client: redis, prefix, clock: () => now });
      const b = new RedisRateLimitBackend({ client: other, prefix, clock: () => now });
      const request = (account: string): AcquireRequest => ({
        account,
        budget: 'text',
        limit: 10,
        windowMs: 1000,
        burstMs: 5_000,
      });
      await a.pause(PAGE_ID, 60_000);
      await b.pause(PAGE_ID, 1_000); // never shortens
      expect(await b.acquire(request(PAGE_ID))).to.deep.equal({
        granted: false,
        retryInMs: 60_000,
        paused: true,
      });
      expect(await b.acquire({ ...request(PAGE_ID), budget: 'media' })).to.include({ paused: true });
      expect((await b.acquire(request(PAGE_ID_2))).granted).to.equal(true);
      const pttl = await redis.pttl(a.key(PAGE_ID, 'p'));
      expect(pttl).to.be.within(59_000, 60_000);

      now += 60_000;
      await b.slowDown(PAGE_ID, 0.3, 30_000);
      let grants = 0;
      for (let i = 0; i < 20; i++) if ((await a.acquire(request(PAGE_ID))).granted) grants++;
      expect(grants).to.equal(3);
      await a.slowDown(PAGE_ID, 1, 30_000);
      expect(await redis.exists(a.key(PAGE_ID, 's'))).to.equal(0);
    });

    it('uses the Redis server clock by default', async () => {
      const backend = new RedisRateLimitBackend({ client: redis, prefix });
      const request: AcquireRequest = {
        account: PAGE_ID,
        budget: 'text',
        limit: 2,
        windowMs: 1000,
        burstMs: 10_000,
      };
      expect(await backend.acquire(request)).to.deep.equal({ granted: true });
      expect(await backend.acquire(request)).to.deep.equal({ granted: true });
      const third = await backend.acquire(request);
      expect(third.granted).to.equal(false);
      expect(third.granted === false && third.retryInMs).to.be.within(900, 1000);
      const [seconds] = await redis.time();
      const logged = await redis.zrange(backend.key(PAGE_ID, 'text:l'), 0, -1, 'WITHSCORES');
      expect(Math.abs(Number(logged[1]) - Number(seconds) * 1000)).to.be.below(5_000);
    });

    it('leaves only expiring keys behind', async () => {
      const backend = new RedisRateLimitBackend({ client: redis, prefix });
      await backend.acquire({ account: PAGE_ID, budget: 'text', limit: 5, windowMs: 1010, burstMs: 20 });
      await backend.pause(PAGE_ID, 5_000);
      await backend.slowDown(PAGE_ID, 0.5, 60_000);
      const keys = (await redis.keys(`${prefix}*`)).sort();
      expect(keys).to.deep.equal(
        ['p', 's', 'text:l', 'text:t'].map((part) => backend.key(PAGE_ID, part)).sort(),
      );
      for (const key of keys) {
        const ttl = await redis.pttl(key);
        expect(ttl, key).to.be.within(1, 62_000);
      }
    });

    it('works through RedisStateStore (its redisCommand), under the store prefix', async () => {
      const store = new RedisStateStore({ client: redis, prefix });
      const backend = RedisRateLimitBackend.fromStore(store);
      expect(backend, 'RedisStateStore offers redisCommand').to.be.instanceOf(RedisRateLimitBackend);
      const request: AcquireRequest = {
        account: PAGE_ID_2,
        budget: 'media',
        limit: 1,
        windowMs: 1010,
        burstMs: 0,
      };
      expect(await backend?.acquire(request)).to.deep.equal({ granted: true });
      expect(await backend?.acquire(request)).to.include({ granted: false, paused: false });
      expect(await redis.zcard(`${prefix}rl:{${PAGE_ID_2}}:media:l`)).to.equal(1);
      await store.close();
    });

    it('works through a store that offers its connection (redisCommand), under the store prefix', async () => {
      const store = {
        prefix,
        redisCommand: (args: readonly [string, ...string[]]) => redis.call(...args),
      };
      const backend = RedisRateLimitBackend.fromStore(store) as RedisRateLimitBackend;
      expect(
        await backend.acquire({ account: PAGE_ID, budget: 'text', limit: 5, windowMs: 1010, burstMs: 20 }),
      ).to.deep.equal({
        granted: true,
      });
      expect(await redis.exists(`${prefix}rl:{${PAGE_ID}}:text:l`)).to.equal(1);
    });
  });
});

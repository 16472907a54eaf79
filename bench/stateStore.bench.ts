/**
 * StateStore benchmark (issue #10), side by side in one run, loopback only: the median latency of one
 * `get`, `set` and `setIfAbsent` on MemoryStateStore and on RedisStateStore (a local Redis), the
 * latency Redis adds per operation, and the ratio. Operations run one after another (latency, not
 * throughput), which is how a turn uses the store: a few awaited calls per event.
 *
 * Run: `npm run bench -- stateStore`, or `npx tsx bench/stateStore.bench.ts`.
 * Env: REDIS_URL (default redis://127.0.0.1:6379/15), BENCH_OPS (operations per kind, default 5000).
 */
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { MemoryStateStore } from '../adapter/state/memoryStateStore';
import { RedisStateStore } from '../adapter/state/redisStateStore';
import type { StateStore } from '../adapter/state/stateStore';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/15';
const OPS = Math.max(100, Math.min(Number(process.env.BENCH_OPS ?? 5000), 100_000));
const WARMUP = Math.min(500, OPS);
const TTL_MS = 60_000;
/** A window record as the messaging-window middleware would store it. */
const VALUE = { lastUserAt: 1_700_000_000_000, channel: 'facebook', humanAgent: false };

type Operation = 'get' | 'set' | 'setIfAbsent';
const OPERATIONS: Operation[] = ['get', 'set', 'setIfAbsent'];

/** Median and p99 latency (µs) of `count` sequential runs of one operation. */
async function measure(store: StateStore, operation: Operation, count: number, tag: string) {
  const samples = new Float64Array(count);
  for (let i = 0; i < count; i += 1) {
    const key = `w:${tag}:${operation}:${i % 1000}`;
    const started = process.hrtime.bigint();
    if (operation === 'get') await store.get(key);
    else if (operation === 'set') await store.set(key, VALUE, TTL_MS);
    else await store.setIfAbsent(`d:${tag}:${i}`, 1, TTL_MS); // a new key each time: the dedupe path
    samples[i] = Number(process.hrtime.bigint() - started) / 1000;
  }
  samples.sort();
  return { median: samples[Math.floor(count / 2)] ?? 0, p99: samples[Math.floor(count * 0.99)] ?? 0 };
}

async function prefill(store: StateStore, tag: string): Promise<void> {
  for (let i = 0; i < 1000; i += 1) await store.set(`w:${tag}:get:${i}`, VALUE, TTL_MS);
}

async function main(): Promise<void> {
  const prefix = `bench:state:${randomUUID().slice(0, 8)}:`;
  const memory = new MemoryStateStore();
  const redis = new RedisStateStore({ url: REDIS_URL, prefix });
  const raw = new Redis(REDIS_URL, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
  try {
    await redis.ping();
  } catch (error) {
    console.error(`Redis is needed for this benchmark: ${(error as Error).message}`);
    await redis.close();
    memory.close();
    process.exitCode = 1;
    return;
  }
  try {
    await prefill(memory, 'warm');
    await prefill(redis, 'warm');
    await prefill(memory, 'run');
    await prefill(redis, 'run');
    for (const operation of OPERATIONS) {
      await measure(memory, operation, WARMUP, 'warm');
      await measure(redis, operation, WARMUP, 'warm');
    }

    console.log(
      `StateStore latency per operation, ${OPS} sequential operations each, Redis at loopback (${new URL(REDIS_URL).host})`,
    );
    console.log('operation    | memory median | redis median | redis adds | ratio | memory p99 | redis p99');
    console.log('-------------|---------------|--------------|------------|-------|------------|----------');
    for (const operation of OPERATIONS) {
      const m = await measure(memory, operation, OPS, 'run');
      const r = await measure(redis, operation, OPS, 'run');
      const ratio = m.median > 0 ? r.median / m.median : Number.POSITIVE_INFINITY;
      console.log(
        [
          operation.padEnd(12),
          `${m.median.toFixed(1)} µs`.padStart(13),
          `${r.median.toFixed(1)} µs`.padStart(12),
          `${(r.median - m.median).toFixed(1)} µs`.padStart(10),
          `${ratio.toFixed(0)}x`.padStart(5),
          `${m.p99.toFixed(1)} µs`.padStart(10),
          `${r.p99.toFixed(1)} µs`.padStart(9),
        ].join(' | '),
      );
    }
  } finally {
    await raw.connect();
    let cursor = '0';
    let removed = 0;
    do {
      const [next, keys] = await raw.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) removed += await raw.del(...keys);
    } while (cursor !== '0');
    console.log(`(removed ${removed} benchmark keys under ${prefix})`);
    await raw.quit();
    await redis.close();
    memory.close();
  }
}

void main();

/**
 * Shared-state benchmark (issue #10), side by side in one run, loopback only: what running on Redis
 * (several instances) costs next to the in-memory store (one instance), with the full middleware stack
 * (HandoverMiddleware, AttachmentMiddleware, MessagingWindowMiddleware, RateLimitMiddleware).
 *
 * 1. Per webhook event: `adapter.process()` of one signed single-message webhook (raw body kept, as
 *    `express.raw()` leaves it) with `processBeforeResponse: true` and a no-op bot, so the time covers
 *    verification, dedupe, the turn and its middleware (thread owner, window record).
 * 2. Per send: `continueConversationAsync` sending one text to a loopback Graph stand-in (a node http
 *    server in this process), through the same stack (owner check, window decision, rate limiter).
 *
 * The two stores run interleaved in blocks, so drift (GC, CPU frequency) hits both alike. Printed: median
 * and p99 per store, the median Redis adds, the ratio, and the Redis round trips per operation
 * (counted client-side). Goal: <= 1 ms median added per event.
 *
 * The rate limiter paces at 100,000 sends per second here so that pacing never delays a send: this
 * measures the cost of the shared budget, not the budget.
 *
 * Run: `npm run bench -- multiInstance`, or `npx tsx bench/multiInstance.bench.ts`.
 * Env: REDIS_URL (default redis://127.0.0.1:6379/15), BENCH_EVENTS (per store, default 4000),
 * BENCH_SENDS (per store, default 3000).
 */
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConversationReference, TurnContext } from 'botbuilder';
import Redis from 'ioredis';
import { MessengerAdapter } from '../adapter/messengerAdapter';
import { MemoryStateStore } from '../adapter/state/memoryStateStore';
import { RedisStateStore } from '../adapter/state/redisStateStore';
import type { StateStore } from '../adapter/state/stateStore';
import type { WebhookRequest, WebhookResponse } from '../adapter/webhook/httpTypes';
import { AttachmentMiddleware } from '../middleware/attachments';
import { HandoverMiddleware } from '../middleware/handover';
import { MessagingWindowMiddleware } from '../middleware/messagingWindow';
import { isRedisCommandStore, RateLimitMiddleware, RedisRateLimitBackend } from '../middleware/rateLimit';

const BLOCK = 250;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/15';
const EVENTS = bounded(process.env.BENCH_EVENTS, 4000);
const SENDS = bounded(process.env.BENCH_SENDS, 3000);
const USERS = 1000;
const SECRET = 'bench-app-secret';
const APP_ID = '1517776481860111';
const PAGE_ID = '370873143344730';
const GOAL_MS = 1;

function bounded(value: string | undefined, fallback: number): number {
  const n = Number(value ?? fallback);
  return Math.max(BLOCK, Math.min(Number.isFinite(n) ? n : fallback, 100_000));
}

const userId = (index: number): string => `67804621253${String(index % USERS).padStart(5, '0')}`;

// ------------------------------------------------------------------ loopback Graph stand-in

async function startGraph(): Promise<{ server: Server; url: string; calls: () => number }> {
  let calls = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      calls++;
      const recipient = /"recipient":\{"id":"(\d+)"/.exec(Buffer.concat(chunks).toString('utf8'))?.[1] ?? '0';
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"recipient_id":"${recipient}","message_id":"m_bench_${calls}"}`);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, calls: () => calls };
}

// ------------------------------------------------------------------ one bot instance per store

interface Variant {
  readonly name: string;
  readonly adapter: MessengerAdapter;
  readonly store: StateStore;
  readonly errors: unknown[];
  readonly note: string;
  readonly close: () => Promise<void>;
}

function makeVariant(name: string, store: StateStore, graphUrl: string, limiterClient?: Redis): Variant {
  const adapter = new MessengerAdapter({
    appSecret: SECRET,
    verifyToken: 'bench-verify-token',
    accessToken: 'bench-page-token',
    appId: APP_ID,
    graphApiUrl: graphUrl,
    store,
    processBeforeResponse: true,
    logger: { error: () => {} },
  });
  const errors: unknown[] = [];
  adapter.onTurnError = async (_context, error) => {
    errors.push(error);
  };
  const pace = { perSecond: 100_000, mediaPerSecond: 100_000 };
  let note = 'budget in this process (MemoryRateLimitBackend)';
  let rateLimit: RateLimitMiddleware;
  if (limiterClient === undefined) {
    rateLimit = new RateLimitMiddleware({ ...pace, store });
    if (isRedisCommandStore(store)) note = 'budget shared through the store (RedisRateLimitBackend)';
  } else {
    const prefix = store instanceof RedisStateStore ? store.prefix : 'bench:';
    const command = (args: readonly [string, ...string[]]) => {
      roundTrips.count++;
      return limiterClient.call(...args);
    };
    rateLimit = new RateLimitMiddleware({ ...pace, backend: new RedisRateLimitBackend({ command, prefix }) });
    note =
      'budget shared on the same Redis through a RedisRateLimitBackend of its own connection ' +
      '(RedisStateStore has no redisCommand yet, so RateLimitMiddleware({ store }) cannot use it)';
  }
  adapter.use(
    new HandoverMiddleware(),
    new AttachmentMiddleware(),
    new MessagingWindowMiddleware(),
    rateLimit,
  );
  return {
    name,
    adapter,
    store,
    errors,
    note,
    close: async () => {
      await adapter.close();
    },
  };
}

// ------------------------------------------------------------------ operations

let sequence = 0;

/** A signed single-message webhook from user `index`, raw body kept (as express.raw() leaves it). */
function webhookRequest(index: number): WebhookRequest {
  sequence++;
  const now = Date.now();
  const raw = Buffer.from(
    JSON.stringify({
      object: 'page',
      entry: [
        {
          id: PAGE_ID,
          time: now,
          messaging: [
            {
              sender: { id: userId(index) },
              recipient: { id: PAGE_ID },
              timestamp: now,
              message: { mid: `m_bench_${sequence}_${randomUUID()}`, text: `hello number ${sequence}` },
            },
          ],
        },
      ],
    }),
  );
  const signature = `sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}`;
  return {
    method: 'POST',
    url: '/api/messages',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
    rawBody: raw,
  };
}

function response(): WebhookResponse & { statusCode: number } {
  return { statusCode: 0, setHeader: () => undefined, end: () => undefined };
}

const noBot = async (_context: TurnContext): Promise<void> => {};

function referenceOf(index: number): Partial<ConversationReference> {
  const user = userId(index);
  return {
    channelId: 'facebook',
    user: { id: user, name: user },
    bot: { id: PAGE_ID, name: PAGE_ID },
    conversation: { id: `${user}-${PAGE_ID}`, isGroup: false, conversationType: 'personal', name: '' },
  };
}

const references = Array.from({ length: USERS }, (_, index) => referenceOf(index));

/** Time (ms) of one webhook event; throws unless it was answered 200. */
async function oneEvent(variant: Variant, index: number): Promise<number> {
  const req = webhookRequest(index);
  const res = response();
  const started = process.hrtime.bigint();
  await variant.adapter.process(req, res, noBot);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (res.statusCode !== 200) throw new Error(`${variant.name}: webhook answered ${res.statusCode}`);
  return ms;
}

/** Time (ms) of one proactive send of one text. */
async function oneSend(variant: Variant, index: number): Promise<number> {
  const reference = references[index % USERS] as Partial<ConversationReference>;
  const started = process.hrtime.bigint();
  await variant.adapter.continueConversationAsync('', reference, async (context) => {
    await context.sendActivity(`Your order ${index} has shipped.`);
  });
  return Number(process.hrtime.bigint() - started) / 1e6;
}

interface Samples {
  values: number[];
}

/** Runs `count` operations per variant, interleaved in blocks of {@link BLOCK}. */
async function interleaved(
  variants: readonly Variant[],
  count: number,
  op: (variant: Variant, index: number) => Promise<number>,
): Promise<Map<string, Samples>> {
  const samples = new Map(variants.map((variant) => [variant.name, { values: [] as number[] }]));
  for (let done = 0; done < count; done += BLOCK) {
    for (const variant of variants) {
      const bucket = samples.get(variant.name) as Samples;
      for (let i = done; i < Math.min(done + BLOCK, count); i++) bucket.values.push(await op(variant, i));
    }
  }
  return samples;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

/** Redis round trips the bot made (store operations and limiter commands), counted client-side. */
const roundTrips = { count: 0 };

/**
 * Counts the round trips of `store` (instrumentation of this benchmark only: the instance's own methods
 * are wrapped, so `instanceof` and `prefix` stay as they are).
 */
function counted(store: RedisStateStore): RedisStateStore {
  const target = store as unknown as Record<string, unknown>;
  for (const method of ['get', 'set', 'setIfAbsent', 'delete', 'redisCommand']) {
    const original = target[method];
    if (typeof original !== 'function') continue;
    target[method] = (...args: unknown[]) => {
      roundTrips.count++;
      return (original as (...a: unknown[]) => unknown).apply(store, args);
    };
  }
  return store;
}

function report(
  title: string,
  samples: Map<string, Samples>,
  roundTripsPerOp: number | undefined,
  goalMs?: number,
): { addedMs: number } {
  const memory = [...(samples.get('memory')?.values ?? [])].sort((x, y) => x - y);
  const redis = [...(samples.get('redis')?.values ?? [])].sort((x, y) => x - y);
  const m50 = percentile(memory, 0.5);
  const r50 = percentile(redis, 0.5);
  const added = r50 - m50;
  console.log(`\n${title} (${memory.length} per store)`);
  console.log('store   | median    | p99       ');
  console.log('--------|-----------|-----------');
  console.log(`memory  | ${fmt(m50)} | ${fmt(percentile(memory, 0.99))}`);
  console.log(`redis   | ${fmt(r50)} | ${fmt(percentile(redis, 0.99))}`);
  console.log(
    `Redis adds ${added.toFixed(3)} ms per operation at the median (p99 +${(
      percentile(redis, 0.99) - percentile(memory, 0.99)
    ).toFixed(3)} ms); ratio ${(m50 > 0 ? r50 / m50 : Number.POSITIVE_INFINITY).toFixed(2)}x` +
      (roundTripsPerOp === undefined
        ? ''
        : `; ${roundTripsPerOp.toFixed(2)} Redis round trips per operation`),
  );
  if (goalMs !== undefined) {
    console.log(
      `Goal <= ${goalMs} ms median added: ${added <= goalMs ? 'met' : 'NOT met'} (${added.toFixed(3)} ms)`,
    );
  }
  return { addedMs: added };
}

function fmt(ms: number): string {
  return `${ms.toFixed(3)} ms`.padStart(9);
}

// ------------------------------------------------------------------ main

async function main(): Promise<void> {
  const prefix = `bench:multi:${randomUUID().slice(0, 8)}:`;
  const raw = new Redis(REDIS_URL, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
  const redisStore = counted(new RedisStateStore({ url: REDIS_URL, prefix }));
  try {
    await redisStore.ping();
    await raw.connect();
  } catch (error) {
    console.error(`Redis is needed for this benchmark (REDIS_URL=${REDIS_URL}): ${(error as Error).message}`);
    await redisStore.close();
    raw.disconnect();
    process.exitCode = 1;
    return;
  }
  const graph = await startGraph();
  const memoryStore = new MemoryStateStore();
  const limiterClient = isRedisCommandStore(redisStore) ? undefined : new Redis(REDIS_URL);
  const variants = [
    makeVariant('memory', memoryStore, graph.url),
    makeVariant('redis', redisStore, graph.url, limiterClient),
  ];
  try {
    console.log(
      `Shared state on Redis vs in memory, full middleware stack, Redis at ${new URL(REDIS_URL).host} (loopback), ` +
        `Graph stand-in at ${graph.url}. Node ${process.version}.`,
    );
    for (const variant of variants) console.log(`  ${variant.name}: rate limiter ${variant.note}`);

    // Warm-up: every user writes once (opens the window for the sends), connections and JIT warm up.
    await interleaved(variants, USERS, oneEvent);
    await interleaved(variants, BLOCK, oneSend);

    // Context for the figures below: one bare round trip through the same store connection.
    const pings: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const started = process.hrtime.bigint();
      await redisStore.ping();
      pings.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    pings.sort((x, y) => x - y);
    console.log(
      `\nOne bare Redis round trip (PING through the store): median ${percentile(pings, 0.5).toFixed(3)} ms, ` +
        `p99 ${percentile(pings, 0.99).toFixed(3)} ms`,
    );

    const beforeEvents = roundTrips.count;
    const events = await interleaved(variants, EVENTS, oneEvent);
    const eventCommands = (roundTrips.count - beforeEvents) / EVENTS;
    const eventResult = report(
      '1. Per webhook event: process() of one signed message, no-op bot',
      events,
      eventCommands,
      GOAL_MS,
    );

    const beforeSends = roundTrips.count;
    const sends = await interleaved(variants, SENDS, oneSend);
    const sendCommands = (roundTrips.count - beforeSends) / SENDS;
    report(
      '2. Per send: continueConversationAsync sending one text to the loopback Graph',
      sends,
      sendCommands,
    );

    const errors = variants.flatMap((variant) => variant.errors);
    const expectedCalls = 2 * (BLOCK + SENDS);
    console.log(
      `\nChecks: ${errors.length} turn errors, ${graph.calls()} Graph calls (expected ${expectedCalls}).` +
        (errors.length > 0 ? ` First error: ${String((errors[0] as Error)?.message ?? errors[0])}` : ''),
    );
    if (errors.length > 0 || graph.calls() !== expectedCalls) process.exitCode = 1;
    if (eventResult.addedMs > GOAL_MS) process.exitCode = 1;
  } finally {
    for (const variant of variants) await variant.close();
    memoryStore.close();
    let cursor = '0';
    let removed = 0;
    do {
      const [next, keys] = await raw.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) removed += await raw.del(...keys);
    } while (cursor !== '0');
    console.log(`(removed ${removed} benchmark keys under ${prefix})`);
    await redisStore.close();
    if (limiterClient) await limiterClient.quit();
    await raw.quit();
    await new Promise((resolve) => graph.server.close(resolve));
  }
}

void main();

/**
 * RateLimitMiddleware benchmark (issue #7), side by side in one run, loopback only.
 *
 * A Graph stand-in (a node http server answering `POST /v27.0/me/messages` like the Send API, in a
 * worker thread so that its arrival times are not skewed by the sender) records every call; all
 * figures are measured there, at arrival. Each scenario queues all its messages at once
 * (BENCH_CONVERSATIONS conversations x their share of BENCH_MESSAGES), so order and pacing come from
 * the limiter alone.
 *
 * The sender: RateLimitMiddleware registers its interceptor on a minimal turn (`onTurn`), and every
 * message runs through `runSendPipeline` into a lean keep-alive HTTP client whose failures are mapped
 * by the adapter's own `toGraphApiError` / `parseUsageHeaders`. One more scenario goes through the
 * whole stack (`MessengerAdapter.continueConversationAsync` -> `sendActivity` -> GraphClient): it
 * costs far more CPU per message, which on a small machine delays sends after the limiter released
 * them; its row shows how much.
 *
 * Scenarios (limit BENCH_RATE, default 300/s):
 * 1. RateLimitMiddleware, one instance, in-process budget.
 * 2. Two instances sharing one budget through Redis (RedisRateLimitBackend, one client each).
 * 3. Scenario 1 with 613 bursts injected: at 5 s, 15 s and 25 s the server refuses every call for
 *    100 ms (each call during the throttling extends it by 100 ms, as Meta does), with an
 *    `X-Business-Use-Case-Usage` header giving `estimated_time_to_regain_access: 0` (the bench sets
 *    retryBaseMs to 250 ms so that it stays short).
 * 4. Baselines: a fixed 1 s window counter and a token bucket (capacity = rate), the usual
 *    hand-written limiters, on BENCH_BASELINE_MESSAGES messages.
 * 5. RateLimitMiddleware through MessengerAdapter + GraphClient, on BENCH_ADAPTER_MESSAGES messages.
 *
 * Figures: achieved rate (calls / s between the first and the last call) and its ratio to the limit,
 * the most calls in any 1 s window (sliding: anchored at every call), how many such windows exceed the
 * limit, the most calls in any 100 ms, messages lost / duplicated / out of order per conversation,
 * sends rejected, and calls refused with 613.
 *
 * Run: `npx tsx bench/rateLimit.bench.ts` or `npm run bench -- rateLimit` (about 2.5 minutes).
 * Environment: BENCH_MESSAGES (10000), BENCH_CONVERSATIONS (100), BENCH_RATE (300),
 * BENCH_BASELINE_MESSAGES (3000), BENCH_ADAPTER_MESSAGES (3000), REDIS_URL (redis://127.0.0.1:6379;
 * scenario 2 is skipped when Redis does not answer).
 */
import http from 'node:http';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { Middleware, TurnContext } from 'botbuilder';
import Redis from 'ioredis';
import { toGraphApiError } from '../adapter/graph/graphErrors';
import { parseUsageHeaders } from '../adapter/graph/usageHeaders';
import { MessengerAdapter } from '../adapter/messengerAdapter';
import {
  addSendInterceptor,
  getSendInterceptors,
  runSendPipeline,
  type SendInterceptor,
  type SendOperation,
  type SendResult,
} from '../adapter/sendPipeline';
import type { TurnStateHolder } from '../adapter/turnInfo';
import { DEFAULT_WINDOW_SLACK_MS, RateLimitMiddleware, RedisRateLimitBackend } from '../middleware/rateLimit';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 10_000);
const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 100);
const RATE = Number(process.env.BENCH_RATE ?? 300);
const BASELINE_MESSAGES = Number(process.env.BENCH_BASELINE_MESSAGES ?? 3_000);
const ADAPTER_MESSAGES = Number(process.env.BENCH_ADAPTER_MESSAGES ?? 3_000);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PAGE_ID = '370873143344730';
const APP_ID = '1234567890123456';
const STORMS_AT_MS = [5_000, 15_000, 25_000];

// ------------------------------------------------------------------ the Graph stand-in (worker)

/** Plain JS run in a worker thread: the loopback Send API. */
const SERVER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const http = require('node:http');
const { performance } = require('node:perf_hooks');
const now = () => performance.timeOrigin + performance.now();
let records = [];
let plan = { bursts: [], burstMs: 100, extendMs: 100 };
let first;
let throttledUntil = 0;
let nextBurst = 0;
let ids = 0;
const usage = (callCount) => JSON.stringify({ '${PAGE_ID}': [{ type: 'messenger', call_count: callCount, total_cputime: 9, total_time: 11, estimated_time_to_regain_access: 0 }] });
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const t = now();
    if (first === undefined) first = t;
    let body;
    try { body = JSON.parse(Buffer.concat(chunks).toString('utf8')); } catch { res.writeHead(400); res.end('{}'); return; }
    const tag = String((body.message && body.message.metadata) || '');
    while (nextBurst < plan.bursts.length && t - first >= plan.bursts[nextBurst]) {
      throttledUntil = Math.max(throttledUntil, t + plan.burstMs);
      nextBurst++;
    }
    if (t < throttledUntil) {
      throttledUntil = Math.max(throttledUntil, t + plan.extendMs);
      records.push([t, tag, 613]);
      res.writeHead(400, { 'content-type': 'application/json', 'x-business-use-case-usage': usage(100) });
      res.end(JSON.stringify({ error: { message: '(#613) Calls to this api have exceeded the rate limit.', type: 'OAuthException', code: 613, fbtrace_id: 'AbEnCh' + records.length } }));
      return;
    }
    records.push([t, tag, 200]);
    res.writeHead(200, { 'content-type': 'application/json', 'x-business-use-case-usage': usage(12) });
    res.end(JSON.stringify({ recipient_id: body.recipient.id, message_id: 'm_bench_' + (++ids) }));
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ type: 'listening', port: server.address().port }));
parentPort.on('message', (m) => {
  if (m.type === 'reset') {
    records = []; plan = m.plan; first = undefined; throttledUntil = 0; nextBurst = 0;
    parentPort.postMessage({ type: 'ready' });
  } else if (m.type === 'collect') {
    parentPort.postMessage({ type: 'records', records });
  } else if (m.type === 'close') {
    server.close();
    server.closeAllConnections();
    parentPort.close();
  }
});
`;

type CallRecord = [at: number, tag: string, status: number];

class GraphStandIn {
  private constructor(
    private readonly worker: Worker,
    readonly port: number,
  ) {}

  static start(): Promise<GraphStandIn> {
    const worker = new Worker(SERVER_SOURCE, { eval: true });
    return new Promise((resolve, reject) => {
      worker.once('message', (m: { port: number }) => resolve(new GraphStandIn(worker, m.port)));
      worker.once('error', reject);
    });
  }

  private ask<T>(message: object): Promise<T> {
    return new Promise((resolve) => {
      this.worker.once('message', (reply: T) => resolve(reply));
      this.worker.postMessage(message);
    });
  }

  async reset(bursts: number[]): Promise<void> {
    await this.ask({ type: 'reset', plan: { bursts, burstMs: 100, extendMs: 100 } });
  }

  async collect(): Promise<CallRecord[]> {
    return (await this.ask<{ records: CallRecord[] }>({ type: 'collect' })).records;
  }

  async close(): Promise<void> {
    this.worker.postMessage({ type: 'close' });
    await new Promise((resolve) => this.worker.once('exit', resolve));
  }
}

// ------------------------------------------------------------------ the sender

/** When the limiter handed each call to Graph (every attempt), and the last attempt per message. */
class DispatchLog {
  readonly times: number[] = [];
  readonly lastByTag = new Map<string, number>();

  record(op: SendOperation): void {
    const at = performance.timeOrigin + performance.now();
    this.times.push(at);
    this.lastByTag.set(String((op.body.message as { metadata?: unknown } | undefined)?.metadata), at);
  }

  clear(): void {
    this.times.length = 0;
    this.lastByTag.clear();
  }
}

/** Records the hand-over to Graph; registered after RateLimitMiddleware, so it runs inside it. */
class DispatchProbe implements Middleware {
  constructor(private readonly log: DispatchLog) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    addSendInterceptor(context, (op, send) => {
      this.log.record(op);
      return send(op);
    });
    await next();
  }
}

/** A lean Send API client for the loopback server; failures become the adapter's GraphApiErrors. */
class LoopbackGraph {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

  constructor(
    private readonly port: number,
    private readonly log: DispatchLog,
  ) {}

  readonly send = (op: SendOperation): Promise<SendResult> =>
    new Promise((resolve, reject) => {
      this.log.record(op);
      const payload = JSON.stringify(op.body);
      const request = http.request(
        {
          host: '127.0.0.1',
          port: this.port,
          method: 'POST',
          path: '/v27.0/me/messages',
          agent: this.agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const usage = parseUsageHeaders(response.headers);
            const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
            if (response.statusCode === 200) {
              resolve({
                messageId: String(body.message_id),
                recipientId: String(body.recipient_id),
                ...(usage ? { usage } : {}),
              });
              return;
            }
            reject(
              toGraphApiError(body, {
                method: 'POST',
                path: '/me/messages',
                httpStatus: response.statusCode,
                accountId: op.accountId,
                ...(usage ? { usage } : {}),
              }),
            );
          });
        },
      );
      request.on('error', reject);
      request.end(payload);
    });

  close(): void {
    this.agent.destroy();
  }
}

/** A minimal turn: what RateLimitMiddleware and the send pipeline use of a TurnContext. */
async function interceptorsOf(middleware: Middleware): Promise<readonly SendInterceptor[]> {
  const turn: TurnStateHolder = { turnState: new Map(), activity: { type: 'event', channelId: 'facebook' } };
  await middleware.onTurn(turn as unknown as TurnContext, async () => {});
  return getSendInterceptors(turn);
}

function userId(i: number): string {
  return String(6_780_462_125_377_510 + i * 7919);
}

function messageOp(conversation: number, seq: number): SendOperation {
  const user = userId(conversation);
  return {
    kind: 'message',
    channelId: 'facebook',
    accountId: PAGE_ID,
    userId: user,
    conversationId: `${user}-${PAGE_ID}`,
    budget: 'text',
    body: {
      recipient: { id: user },
      messaging_type: 'UPDATE',
      message: { text: `Update ${seq}: your order is on its way.`, metadata: `${conversation}:${seq}` },
    },
  };
}

/** A sender of one scenario: queues `perConversation` messages for each conversation; resolves with the rejections. */
type Sender = (perConversation: number) => Promise<number>;

/** Sends through the interceptors of one or more limiter instances (conversations spread over them). */
function pipelineSender(instances: (readonly SendInterceptor[])[], graph: LoopbackGraph): Sender {
  return async (perConversation) => {
    let rejected = 0;
    const sends: Promise<unknown>[] = [];
    for (let seq = 1; seq <= perConversation; seq++) {
      for (let c = 0; c < CONVERSATIONS; c++) {
        const interceptors = instances[c % instances.length] as readonly SendInterceptor[];
        sends.push(
          runSendPipeline(interceptors, messageOp(c, seq), graph.send).catch(() => {
            rejected++;
          }),
        );
      }
    }
    await Promise.all(sends);
    return rejected;
  };
}

/** Sends through MessengerAdapter: one proactive turn per conversation firing all its messages at once. */
function adapterSender(adapter: MessengerAdapter, port: number): Sender {
  return async (perConversation) => {
    let rejected = 0;
    await Promise.all(
      Array.from({ length: CONVERSATIONS }, (_, c) =>
        adapter.continueConversationAsync(
          APP_ID,
          {
            channelId: 'facebook',
            serviceUrl: `http://127.0.0.1:${port}`,
            user: { id: userId(c), name: '' },
            bot: { id: PAGE_ID, name: '' },
            conversation: { id: `${userId(c)}-${PAGE_ID}`, isGroup: false, conversationType: '', name: '' },
          },
          async (context) => {
            await Promise.all(
              Array.from({ length: perConversation }, (_, i) =>
                context
                  .sendActivity({
                    type: 'message',
                    text: `Update ${i + 1}: your order is on its way.`,
                    channelData: { metadata: `${c}:${i + 1}` },
                  })
                  .catch(() => {
                    rejected++;
                  }),
              ),
            );
          },
        ),
      ),
    );
    return rejected;
  };
}

// ------------------------------------------------------------------ baselines (hand-written limiters)

/** The usual fixed-window counter: `RATE` calls per calendar second, the rest wait for the next one. */
class FixedWindowBaseline implements Middleware {
  private window = 0;
  private count = 0;
  private readonly waiting: (() => void)[] = [];
  private timer: NodeJS.Timeout | undefined;

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    addSendInterceptor(context, async (op, send) => {
      await new Promise<void>((resolve) => {
        this.waiting.push(resolve);
        this.release();
      });
      return send(op);
    });
    await next();
  }

  private release(): void {
    const now = Date.now();
    const window = Math.floor(now / 1000);
    if (window !== this.window) {
      this.window = window;
      this.count = 0;
    }
    while (this.count < RATE && this.waiting.length > 0) {
      this.count++;
      this.waiting.shift()?.();
    }
    if (this.waiting.length > 0 && this.timer === undefined) {
      this.timer = setTimeout(
        () => {
          this.timer = undefined;
          this.release();
        },
        (window + 1) * 1000 - now,
      );
    }
  }
}

/** The usual token bucket: capacity `RATE`, refilled at `RATE` per second, starting full. */
class TokenBucketBaseline implements Middleware {
  private tokens = RATE;
  private at = Date.now();
  private readonly waiting: (() => void)[] = [];
  private timer: NodeJS.Timeout | undefined;

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    addSendInterceptor(context, async (op, send) => {
      await new Promise<void>((resolve) => {
        this.waiting.push(resolve);
        this.release();
      });
      return send(op);
    });
    await next();
  }

  private release(): void {
    const now = Date.now();
    this.tokens = Math.min(RATE, this.tokens + ((now - this.at) * RATE) / 1000);
    this.at = now;
    while (this.tokens >= 1 && this.waiting.length > 0) {
      this.tokens--;
      this.waiting.shift()?.();
    }
    if (this.waiting.length > 0 && this.timer === undefined) {
      this.timer = setTimeout(
        () => {
          this.timer = undefined;
          this.release();
        },
        Math.max(1, Math.ceil(((1 - this.tokens) * 1000) / RATE)),
      );
    }
  }
}

// ------------------------------------------------------------------ measuring

interface Outcome {
  name: string;
  messages: number;
  seconds: number;
  cpuMsPerMessage: number;
  calls: number;
  refused: number;
  achieved: number;
  maxWindow: number;
  windowsOver: number;
  dispatchWindowsOver: number;
  jitterP99: number;
  jitterMax: number;
  max100ms: number;
  lost: number;
  duplicated: number;
  outOfOrder: number;
  rejected: number;
}

async function runScenario(
  name: string,
  server: GraphStandIn,
  log: DispatchLog,
  send: Sender,
  messages: number,
  bursts: number[] = [],
): Promise<Outcome> {
  await server.reset(bursts);
  log.clear();
  const perConversation = Math.ceil(messages / CONVERSATIONS);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const rejected = await send(perConversation);
  const used = process.cpuUsage(cpu);
  const seconds = (performance.now() - started) / 1000;
  const records = (await server.collect()).sort((a, b) => a[0] - b[0]);
  const times = records.map((r) => r[0]);
  const accepted = records.filter((r) => r[2] === 200).map((r) => r[1]);
  const unique = new Set(accepted);
  const lastSeq = new Map<string, number>();
  let outOfOrder = 0;
  for (const tag of accepted) {
    const [conversation, seq] = tag.split(':') as [string, string];
    if (Number(seq) < (lastSeq.get(conversation) ?? 0)) outOfOrder++;
    lastSeq.set(conversation, Math.max(Number(seq), lastSeq.get(conversation) ?? 0));
  }
  const sent = CONVERSATIONS * perConversation;
  const dispatched = [...log.times].sort((a, b) => a - b);
  const jitter = records
    .filter((r) => r[2] === 200)
    .map((r) => r[0] - (log.lastByTag.get(r[1]) ?? r[0]))
    .sort((a, b) => a - b);
  const span = (times.at(-1) ?? 0) - (times[0] ?? 0);
  const outcome: Outcome = {
    name,
    messages: sent,
    seconds,
    cpuMsPerMessage: (used.user + used.system) / 1000 / sent,
    calls: records.length,
    refused: records.length - accepted.length,
    achieved: span > 0 ? ((times.length - 1) * 1000) / span : 0,
    maxWindow: maxInWindow(times, 1000),
    windowsOver: windowsOver(times, 1000, RATE),
    dispatchWindowsOver: windowsOver(dispatched, 1000, RATE),
    jitterP99: jitter[Math.floor(jitter.length * 0.99)] ?? 0,
    jitterMax: jitter.at(-1) ?? 0,
    max100ms: maxInWindow(times, 100),
    lost: sent - unique.size,
    duplicated: accepted.length - unique.size,
    outOfOrder,
    rejected,
  };
  console.log(`  done: ${name} (${seconds.toFixed(1)} s)`);
  return outcome;
}

/** Most calls in any half-open window of `windowMs` (times sorted). */
function maxInWindow(times: readonly number[], windowMs: number): number {
  let max = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while ((times[end] as number) - (times[start] as number) >= windowMs) start++;
    max = Math.max(max, end - start + 1);
  }
  return max;
}

/** How many windows `[t, t + windowMs)` anchored at a call hold more than `limit` calls. */
function windowsOver(times: readonly number[], windowMs: number, limit: number): number {
  let over = 0;
  let end = 0;
  for (let start = 0; start < times.length; start++) {
    while (end < times.length && (times[end] as number) - (times[start] as number) < windowMs) end++;
    if (end - start > limit) over++;
  }
  return over;
}

async function redisAnswers(url: string): Promise<Redis | undefined> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 1000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
    return client;
  } catch {
    client.disconnect();
    return undefined;
  }
}

function row(cells: (string | number)[], widths: number[]): string {
  return cells.map((cell, i) => String(cell).padStart(widths[i] as number)).join('  ');
}

// ------------------------------------------------------------------ the run

async function main(): Promise<void> {
  const slackMs = DEFAULT_WINDOW_SLACK_MS;
  console.log(
    `RateLimitMiddleware on loopback: ${MESSAGES} messages across ${CONVERSATIONS} conversations at a configured ` +
      `${RATE}/s (baselines ${BASELINE_MESSAGES}, full adapter stack ${ADAPTER_MESSAGES}); Graph stand-in in a ` +
      `worker thread. ${cpus().length} CPUs, load average ${loadavg()[0]?.toFixed(1)}.\n`,
  );
  const server = await GraphStandIn.start();
  const log = new DispatchLog();
  const graph = new LoopbackGraph(server.port, log);
  const outcomes: Outcome[] = [];
  const options = { perSecond: RATE, maxQueue: 2 * MESSAGES, maxWaitMs: 600_000 } as const;

  // Warm-up (not measured): JIT, the keep-alive connection pool, the stand-in.
  const warmUp = await interceptorsOf(new RateLimitMiddleware({ ...options, perSecond: 1_000 }));
  await runScenario('warm-up', server, log, pipelineSender([warmUp], graph), 1_000);

  const single = await interceptorsOf(new RateLimitMiddleware(options));
  outcomes.push(
    await runScenario(
      'RateLimitMiddleware, 1 instance',
      server,
      log,
      pipelineSender([single], graph),
      MESSAGES,
    ),
  );

  const redis = await redisAnswers(REDIS_URL);
  const other = redis ? await redisAnswers(REDIS_URL) : undefined;
  if (redis && other) {
    const prefix = `bench-rl-${process.pid}-${Date.now()}:`;
    const instances = await Promise.all(
      [redis, other].map((client) =>
        interceptorsOf(
          new RateLimitMiddleware({ ...options, backend: new RedisRateLimitBackend({ client, prefix }) }),
        ),
      ),
    );
    outcomes.push(
      await runScenario(
        'RateLimitMiddleware, 2 instances, Redis',
        server,
        log,
        pipelineSender(instances, graph),
        MESSAGES,
      ),
    );
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    other.disconnect();
  } else {
    console.log(`  (Redis at ${REDIS_URL} did not answer: the two-instance scenario is skipped.)`);
  }

  const stormy = await interceptorsOf(
    new RateLimitMiddleware({ ...options, retryBaseMs: 250, retryMaxMs: 2_000 }),
  );
  outcomes.push(
    await runScenario(
      'RateLimitMiddleware + 613 bursts',
      server,
      log,
      pipelineSender([stormy], graph),
      MESSAGES,
      STORMS_AT_MS,
    ),
  );

  for (const [name, middleware] of [
    ['baseline: fixed 1 s window', new FixedWindowBaseline()],
    ['baseline: token bucket', new TokenBucketBaseline()],
  ] as const) {
    const interceptors = await interceptorsOf(middleware);
    outcomes.push(
      await runScenario(name, server, log, pipelineSender([interceptors], graph), BASELINE_MESSAGES),
    );
  }

  const adapter = new MessengerAdapter({
    appSecret: 'bench-app-secret-0123456789abcdef',
    verifyToken: 'bench-verify-token',
    accessToken: 'EAAGbenchPageToken',
    graphApiUrl: `http://127.0.0.1:${server.port}`,
    maxConcurrentTurns: 1_000,
  });
  adapter.use(new RateLimitMiddleware(options));
  adapter.use(new DispatchProbe(log));
  outcomes.push(
    await runScenario(
      'full stack: MessengerAdapter + GraphClient',
      server,
      log,
      adapterSender(adapter, server.port),
      ADAPTER_MESSAGES,
    ),
  );
  await adapter.close();
  graph.close();
  await server.close();

  const widths = [43, 8, 6, 6, 7, 10, 8, 7, 8, 8, 13, 7, 4, 4, 5, 4, 5];
  console.log('');
  console.log(
    row(
      [
        'scenario',
        'messages',
        'calls',
        'time s',
        'cpu ms',
        'achieved/s',
        'vs limit',
        'max 1s',
        'windows>',
        'sent 1s>',
        'jitter p99/max',
        'max 0.1s',
        'lost',
        'dup',
        'order',
        'rej',
        '613s',
      ],
      widths,
    ),
  );
  for (const o of outcomes) {
    console.log(
      row(
        [
          o.name,
          o.messages,
          o.calls,
          o.seconds.toFixed(1),
          o.cpuMsPerMessage.toFixed(2),
          o.achieved.toFixed(1),
          (o.achieved / RATE).toFixed(3),
          o.maxWindow,
          o.windowsOver,
          o.dispatchWindowsOver,
          `${o.jitterP99.toFixed(1)}/${o.jitterMax.toFixed(0)} ms`,
          o.max100ms,
          o.lost,
          o.duplicated,
          o.outOfOrder,
          o.rejected,
          o.refused,
        ],
        widths,
      ),
    );
  }
  console.log(
    '\ncpu ms: process CPU per message (sender and stand-in); max 1s / windows>: at arrival (sliding 1 s windows ' +
      'anchored at every call, and how many hold more than the limit); sent 1s>: the same when each call left the ' +
      'limiter; jitter: arrival minus hand-over to Graph; rej: sends rejected; 613s: calls refused with 613.',
  );

  const ours = outcomes.filter((o) => o.name.startsWith('RateLimitMiddleware') && !o.name.includes('613'));
  const storm = outcomes.find((o) => o.name.includes('613'));
  const reference = ours[0];
  let failed = false;
  console.log(`\nChecks (limit ${RATE}/s; the limiter counts over 1 s + ${slackMs} ms of slack for jitter):`);
  for (const o of [...ours, ...(storm ? [storm] : [])]) {
    const within = Math.abs(o.achieved / RATE - 1) <= 0.02;
    const jitterBeyondSlack = o.jitterMax > slackMs;
    const exact = o.lost + o.duplicated + o.outOfOrder + o.rejected === 0;
    console.log(
      `  ${o.name}: ${(100 * (o.achieved / RATE)).toFixed(1)} % of the limit` +
        `${o === storm ? ' (pauses included)' : ` (${within ? 'within' : 'NOT within'} 2 %)`}; ` +
        `${o.dispatchWindowsOver} one-second windows over the limit as sent, ${o.windowsOver} at arrival` +
        `${o.windowsOver > 0 ? ` (arrival jitter up to ${o.jitterMax.toFixed(0)} ms${jitterBeyondSlack ? ` > the ${slackMs} ms slack` : ''})` : ''}; ` +
        `${o.lost} lost, ${o.duplicated} duplicated, ${o.outOfOrder} out of order, ${o.rejected} rejected` +
        `${o === storm ? `; ${o.refused} calls refused with 613 (in flight when a burst began)` : ''}.`,
    );
    // The limiter is at fault for a window over the limit as sent, or at arrival with jitter inside the slack.
    if (o.dispatchWindowsOver > 0 || (o.windowsOver > 0 && !jitterBeyondSlack) || !exact) failed = true;
    if (o !== storm && !within) failed = true;
  }
  for (const o of outcomes.filter((x) => x.name.startsWith('baseline'))) {
    console.log(
      `  ${o.name}: busiest 1 s window ${o.maxWindow} calls = ${(o.maxWindow / RATE).toFixed(2)}x the limit ` +
        `(RateLimitMiddleware ${((reference?.maxWindow ?? 0) / RATE).toFixed(2)}x), ${o.windowsOver} windows over it, ` +
        `busiest 100 ms ${o.max100ms} calls (RateLimitMiddleware ${reference?.max100ms ?? 0}).`,
    );
  }
  const full = outcomes.find((o) => o.name.startsWith('full stack'));
  if (full && reference) {
    console.log(
      `  full stack: ${(full.cpuMsPerMessage / reference.cpuMsPerMessage).toFixed(1)}x the CPU per message of the ` +
        `lean sender; ${(100 * (full.achieved / RATE)).toFixed(1)} % of the limit, ${full.dispatchWindowsOver} windows ` +
        `over it as sent, ${full.windowsOver} at arrival (jitter up to ${full.jitterMax.toFixed(0)} ms), ` +
        `${full.lost} lost, ${full.outOfOrder} out of order.`,
    );
  }
  console.log(`  load average at the end: ${loadavg()[0]?.toFixed(1)}.`);
  if (failed) {
    console.log('\nFAILED: a check above is not met.');
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/**
 * Outbound send benchmark (issue #3), side by side in one run, loopback only: messages per second
 * a bot gets from `context.sendActivity(text)` through the real MessengerAdapter (TurnContext,
 * `adapter.sendActivities`, activity -> Send API mapping, the send interceptor chain, GraphClient with
 * zod validation and error mapping) versus the limit: raw axios posts of the same JSON bodies, with the
 * same headers, query and keep-alive agent settings.
 *
 * - Graph stand-in: a node http server on 127.0.0.1 (keep-alive) in a child process, so its CPU is
 *   not charged to either side; it answers every `POST /v27.0/me/messages` like Graph does and counts
 *   the calls and body bytes (both sides must send the same bytes).
 * - Same concurrency on both sides: BENCH_CONCURRENCY workers (default 10), each a conversation
 *   sending its share of BENCH_MESSAGES one after another (a proactive turn per worker for ours).
 * - Rows, from the limit up to what a bot calls (the differences split the cost by layer):
 *     raw axios                 the limit the issue names: same agent settings, headers, query and
 *                               bodies, and no redirect following, as the GraphClient
 *     raw node http             the floor under any client: one http.request per message on the
 *                               same keep-alive agent, the answer read and JSON.parse'd, nothing else
 *     GraphClient.sendMessage   the adapter's Graph client alone (token, appsecret_proof, timeout,
 *                               zod validation of the answer, usage headers, error mapping)
 *     adapter.sendActivities    called directly in a turn with an addressed activity: our delivery,
 *                               mapping and (empty) interceptor chain on top of the GraphClient
 *     context.sendActivity      what a bot calls: botbuilder's TurnContext on top (the headline row)
 *     ... + 3 interceptors      the same with 3 pass-through send interceptors (the chain's own cost)
 * - A warm-up round, then BENCH_ROUNDS alternating rounds (default 5); the median round is reported.
 *
 * Run: `npm run bench -- sendActivities`, or `npx tsx bench/sendActivities.bench.ts`.
 * Env: BENCH_MESSAGES (per round, default 4000), BENCH_ROUNDS, BENCH_CONCURRENCY,
 * BENCH_ONLY=raw|node|graph|direct|context|chain (profile one row:
 * `BENCH_ONLY=context node --cpu-prof --cpu-prof-dir=.prof --require tsx/cjs bench/sendActivities.bench.ts`).
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import axios, { type AxiosInstance } from 'axios';
import type { ConversationReference, Middleware, TurnContext } from 'botbuilder';
import { GraphClient } from '../adapter/graph/graphClient';
import { MessengerAdapter } from '../adapter/messengerAdapter';
import { addSendInterceptor } from '../adapter/sendPipeline';
import { ask, startChild } from './support/children';

const MESSAGES = clamp(Number(process.env.BENCH_MESSAGES ?? 4000), 100, 200_000);
const ROUNDS = clamp(Number(process.env.BENCH_ROUNDS ?? 5), 1, 21);
const CONCURRENCY = clamp(Number(process.env.BENCH_CONCURRENCY ?? 10), 1, 200);
const ONLY = process.env.BENCH_ONLY;
const GOAL = 0.85;

const APP_SECRET = 'bench-app-secret';
const PAGE_TOKEN = 'EAAGbenchPageToken0123456789abcdefghijklmnopqrstuvwxyzZDZD';
const PAGE_ID = '370873143344730';
const VERSION = 'v27.0';

type Kind = 'raw' | 'node' | 'graph' | 'direct' | 'context' | 'chain';
const KINDS: readonly Kind[] = ['raw', 'node', 'graph', 'direct', 'context', 'chain'];
/** The row the goal is about: what a bot's `context.sendActivity` costs. */
const HEADLINE: Kind = 'context';
const LABELS: Record<Kind, string> = {
  raw: 'raw axios (limit)',
  node: 'raw node http (floor)',
  graph: 'GraphClient.sendMessage',
  direct: 'adapter.sendActivities',
  context: 'context.sendActivity',
  chain: 'context.sendActivity + 3 interceptors',
};

interface GraphStats {
  calls: number;
  bytes: number;
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.max(min, Math.min(Math.floor(value), max)) : min;
}

/** PSID of worker `i`. */
function userOf(i: number): string {
  return `67804621253${String(10_000 + i)}`;
}

/** The text of message `n` of a worker (the same on both sides). */
function textOf(n: number): string {
  return `Your order #${1000 + n} has shipped and will arrive on Thursday.`;
}

// ---------------------------------------------------------------- Graph stand-in (child process)

function runGraphStandIn(): void {
  const stats: GraphStats = { calls: 0, bytes: 0 };
  const server = http.createServer((req, res) => {
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.startsWith(`/${VERSION}/me/messages?`)) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"error":{"message":"Unknown path","type":"OAuthException","code":100}}');
        return;
      }
      stats.calls++;
      stats.bytes += bytes;
      const body = `{"recipient_id":"6780462125377510","message_id":"m_bench_${stats.calls}"}`;
      res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
  process.on('message', () => process.send?.({ ...stats }));
}

// ---------------------------------------------------------------- the senders

/** The body the adapter sends for a proactive text (checked against the adapter's own bytes). */
function sendBody(userId: string, text: string): Record<string, unknown> {
  return { recipient: { id: userId }, messaging_type: 'UPDATE', message: { text } };
}

/** Raw axios: the same URL, query, headers and bodies, an axios instance on a keep-alive agent. */
function rawSender(baseURL: string): {
  send: (worker: number, count: number) => Promise<void>;
  close: () => void;
} {
  const agent = new http.Agent({ keepAlive: true, timeout: 30_000 });
  const client: AxiosInstance = axios.create({
    baseURL,
    httpAgent: agent,
    // as the adapter's GraphClient: no redirect following (skips follow-redirects, the faster path)
    maxRedirects: 0,
    headers: { Accept: 'application/json', 'User-Agent': 'botbuilder-adapter-messenger' },
  });
  const proof = createHmac('sha256', APP_SECRET).update(PAGE_TOKEN).digest('hex');
  return {
    async send(worker, count) {
      const userId = userOf(worker);
      for (let n = 0; n < count; n++) {
        await client.post(`/${VERSION}/me/messages`, sendBody(userId, textOf(n)), {
          params: { appsecret_proof: proof },
          headers: { Authorization: `Bearer ${PAGE_TOKEN}`, 'Content-Type': 'application/json' },
        });
      }
    },
    close: () => agent.destroy(),
  };
}

/** Raw node http: the same request bytes on the same kind of agent, with nothing around them. */
function nodeSender(baseURL: string): {
  send: (worker: number, count: number) => Promise<void>;
  close: () => void;
} {
  const agent = new http.Agent({ keepAlive: true, timeout: 30_000 });
  const { hostname, port } = new URL(baseURL);
  const proof = createHmac('sha256', APP_SECRET).update(PAGE_TOKEN).digest('hex');
  const post = (body: string) =>
    new Promise<void>((resolve, reject) => {
      const payload = Buffer.from(body);
      const req = http.request(
        {
          method: 'POST',
          hostname,
          port,
          path: `/${VERSION}/me/messages?appsecret_proof=${proof}`,
          agent,
          headers: {
            Accept: 'application/json',
            'User-Agent': 'botbuilder-adapter-messenger',
            Authorization: `Bearer ${PAGE_TOKEN}`,
            'Content-Type': 'application/json',
            'Content-Length': payload.length,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            JSON.parse(Buffer.concat(chunks).toString('utf8'));
            resolve();
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  return {
    async send(worker, count) {
      const userId = userOf(worker);
      for (let n = 0; n < count; n++) await post(JSON.stringify(sendBody(userId, textOf(n))));
    },
    close: () => agent.destroy(),
  };
}

/** The adapter's GraphClient alone (no TurnContext, no mapping): splits the gap to raw axios. */
function graphSender(baseURL: string): {
  send: (worker: number, count: number) => Promise<void>;
  close: () => void;
} {
  const graph = new GraphClient({ appSecret: APP_SECRET, accessToken: PAGE_TOKEN, graphApiUrl: baseURL });
  return {
    async send(worker, count) {
      const userId = userOf(worker);
      for (let n = 0; n < count; n++) {
        const { messageId } = await graph.sendMessage(PAGE_ID, {
          recipient: { id: userId },
          messaging_type: 'UPDATE',
          message: { text: textOf(n) },
        });
        if (!messageId) throw new Error('GraphClient returned no message id');
      }
    },
    close: () => graph.close(),
  };
}

/** A middleware that adds `count` send interceptors that only pass the call on. */
function passThroughInterceptors(count: number): Middleware {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
      for (let i = 0; i < count; i++) addSendInterceptor(context, (op, send) => send(op));
      await next();
    },
  };
}

/**
 * Our adapter: one proactive turn per worker. `context`: `context.sendActivity(text)` per message;
 * `direct`: `adapter.sendActivities(context, [activity])` with the activity addressed as TurnContext
 * would address it (skips botbuilder's TurnContext, to split its cost from ours).
 */
function adapterSender(
  baseURL: string,
  mode: 'context' | 'direct',
  interceptors: number,
): { send: (worker: number, count: number) => Promise<void>; close: () => Promise<void> } {
  const adapter = new MessengerAdapter({
    appSecret: APP_SECRET,
    verifyToken: 'bench-verify-token',
    accessToken: PAGE_TOKEN,
    graphApiUrl: baseURL,
    logger: { error: () => {} },
  });
  if (interceptors > 0) adapter.use(passThroughInterceptors(interceptors));
  const references = Array.from(
    { length: CONCURRENCY },
    (_, i): Partial<ConversationReference> => ({
      channelId: 'facebook',
      serviceUrl: baseURL,
      user: { id: userOf(i), name: '' },
      bot: { id: PAGE_ID, name: '' },
      conversation: { id: `${userOf(i)}-${PAGE_ID}`, isGroup: false, conversationType: '', name: '' },
    }),
  );
  const sendOne = async (
    context: TurnContext,
    reference: Partial<ConversationReference>,
    text: string,
  ): Promise<string | undefined> => {
    if (mode === 'context') return (await context.sendActivity(text))?.id;
    const [response] = await adapter.sendActivities(context, [
      {
        type: 'message',
        text,
        channelId: reference.channelId,
        serviceUrl: reference.serviceUrl,
        conversation: reference.conversation,
        from: reference.bot,
        recipient: reference.user,
      },
    ]);
    return response?.id;
  };
  return {
    async send(worker, count) {
      const reference = references[worker];
      if (!reference) throw new Error(`no reference for worker ${worker}`);
      await adapter.continueConversationAsync('', reference, async (context) => {
        for (let n = 0; n < count; n++) {
          if (!(await sendOne(context, reference, textOf(n)))) {
            throw new Error('the adapter returned no message id');
          }
        }
      });
    },
    close: async () => {
      await adapter.close();
    },
  };
}

// ---------------------------------------------------------------- orchestrator

interface Round {
  kind: Kind;
  /** Sends per wall-clock second. */
  perSecond: number;
  /** CPU time of this (sending) process per send, in µs: less sensitive to other load on the host. */
  cpuMicros: number;
  calls: number;
  bytes: number;
}

async function round(
  kind: Kind,
  sender: { send: (worker: number, count: number) => Promise<void> },
  graph: import('node:child_process').ChildProcess,
  messages: number,
): Promise<Round> {
  (globalThis as { gc?: () => void }).gc?.();
  const before = await ask<GraphStats>(graph, 'stats');
  const share = Math.floor(messages / CONCURRENCY);
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, worker) => sender.send(worker, share)));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  const after = await ask<GraphStats>(graph, 'stats');
  const calls = after.calls - before.calls;
  if (calls !== share * CONCURRENCY) {
    throw new Error(`${kind}: the Graph stand-in saw ${calls} sends, expected ${share * CONCURRENCY}`);
  }
  return {
    kind,
    perSecond: calls / seconds,
    cpuMicros: (cpu.user + cpu.system) / calls,
    calls,
    bytes: after.bytes - before.bytes,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

async function main(): Promise<void> {
  const graph = await startChild<{ port: number }>(__filename, ['graph']);
  const baseURL = `http://127.0.0.1:${graph.ready.port}`;
  const kinds = KINDS.filter((kind) => !ONLY || ONLY === kind);
  if (kinds.length === 0) throw new Error(`BENCH_ONLY must be one of ${KINDS.join(', ')}`);
  const raw = rawSender(baseURL);
  const node = nodeSender(baseURL);
  const graphOnly = graphSender(baseURL);
  const direct = adapterSender(baseURL, 'direct', 0);
  const context = adapterSender(baseURL, 'context', 0);
  const chained = adapterSender(baseURL, 'context', 3);
  const senders: Record<Kind, { send: (worker: number, count: number) => Promise<void> }> = {
    raw,
    node,
    graph: graphOnly,
    direct,
    context,
    chain: chained,
  };
  const results: Round[] = [];
  try {
    for (const kind of kinds) await round(kind, senders[kind], graph.child, Math.min(MESSAGES, 2000)); // warm-up
    for (let r = 0; r < ROUNDS; r++) {
      // alternate the order so that neither side always runs on a warmer (or more fragmented) heap
      const order = r % 2 === 0 ? kinds : [...kinds].reverse();
      for (const kind of order) results.push(await round(kind, senders[kind], graph.child, MESSAGES));
    }
  } finally {
    raw.close();
    node.close();
    graphOnly.close();
    await direct.close();
    await context.close();
    await chained.close();
    graph.child.kill();
  }

  const roundsOf = (kind: Kind) => results.filter((r) => r.kind === kind);
  const medianOf = (kind: Kind, pick: (r: Round) => number) => median(roundsOf(kind).map(pick));
  console.log(
    `\nsendActivities benchmark: ${MESSAGES} text messages per round, ${CONCURRENCY} in flight, ` +
      `${ROUNDS} alternating rounds (median), Graph stand-in on loopback (child process), node ${process.version}`,
  );
  console.table(
    kinds.map((kind) => {
      const perSecond = roundsOf(kind).map((r) => r.perSecond);
      const first = roundsOf(kind)[0];
      return {
        sender: LABELS[kind],
        'messages/s (median)': Math.round(medianOf(kind, (r) => r.perSecond)),
        'min..max': `${Math.round(Math.min(...perSecond))}..${Math.round(Math.max(...perSecond))}`,
        'sender CPU µs/message': Math.round(medianOf(kind, (r) => r.cpuMicros)),
        'body bytes/message': first ? Math.round(first.bytes / first.calls) : 0,
      };
    }),
  );
  if (!kinds.includes('raw')) return;
  const rawBytes = roundsOf('raw')[0]?.bytes;
  if (!kinds.every((kind) => roundsOf(kind)[0]?.bytes === rawBytes)) {
    console.log('WARNING: the senders did not post the same body bytes; the comparison is unfair.');
  }
  const rawRounds = roundsOf('raw');
  for (const kind of kinds.filter((k) => k !== 'raw')) {
    const ratio = medianOf(kind, (r) => r.perSecond) / medianOf('raw', (r) => r.perSecond);
    // each round of ours against the raw round run next to it: robust to load drifting on the host
    const paired = median(
      roundsOf(kind).map((r, i) => r.perSecond / (rawRounds[i]?.perSecond ?? Number.NaN)),
    );
    const cpu = medianOf('raw', (r) => r.cpuMicros) / medianOf(kind, (r) => r.cpuMicros);
    console.log(
      `${LABELS[kind].padEnd(38)} / raw axios = ${ratio.toFixed(2)}x messages/s ` +
        `(paired rounds ${paired.toFixed(2)}x, CPU per message ${cpu.toFixed(2)}x)` +
        (kind === HEADLINE ? `  goal >= ${GOAL}x: ${ratio >= GOAL ? 'ok' : 'BELOW GOAL'}` : ''),
    );
  }
  if (kinds.includes('node')) {
    const floor = medianOf('node', (r) => r.perSecond);
    for (const kind of kinds.filter((k) => k !== 'raw' && k !== 'node')) {
      console.log(`${LABELS[kind].padEnd(38)} / raw node http = ${(medianOf(kind, (r) => r.perSecond) / floor).toFixed(2)}x messages/s`);
    }
  }
}

if (process.argv[2] === 'graph') runGraphStandIn();
else
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });

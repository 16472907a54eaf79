/**
 * Full-stack benchmark (issue #19), loopback only: what the default policies and user-name look-ups
 * cost per turn on the memory store and on `RedisStateStore`, against no middleware at all, and how
 * many Redis commands and round trips each turn makes.
 *
 * Each row runs in its own process: signed batches of 10 messages from 10 users go straight into
 * `adapter.process` (no HTTP on the inbound side, so the figures are the adapter's own), with an echo
 * bot whose replies go over HTTPS to a loopback Graph stand-in (a third process). Per row:
 * - CPU µs per finished turn (user + system of the adapter's process, from the first batch to idle);
 * - finished turns per second;
 * - Redis commands per turn (`INFO commandstats`: every command the server ran, those a Lua script ran
 *   included),
 *   Redis-side CPU µs per turn (the redis-server process's own CPU, `INFO cpu`), and Redis reads per turn
 *   (`total_reads_processed`: how many times the server read a socket, i.e. client round trips).
 * Redis figures come from a private redis-server this bench starts on a free loopback port (so that
 * nothing else on the machine counts), or from REDIS_URL's server when redis-server is not installed.
 *
 * The full-stack rows set the adapter's `appId`, as the README's setup does; one more row leaves it
 * out (this app's id is then read at every turn start, and each sent `mid` is remembered for its echo).
 *
 * Every row gets the same open-loop load, below the page's default send budget. The adapter is the
 * built package, as users install it (support/shipped.ts).
 *
 * At this rate a row's CPU per turn moves by up to ±20 % from one run to the next on a shared
 * machine, as much as the goal's margin. So the rows run in several rounds, one after the other (every
 * other round in reverse order, so that a drift of the machine's speed favours no row), and the ratios
 * are the medians of each round's ratios (rows of one round ran minutes apart at most).
 *
 * Run: `npm run bench -- redisTurns`. Env: BENCH_RATE (events/s, default 200), BENCH_SECONDS (default 6),
 * BENCH_ROUNDS (default 4).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import Redis from 'ioredis';
import { ActivityHandler, type TurnContext } from 'botbuilder';
import type { MessengerAdapterOptions } from '../adapter';
import type { WebhookResponse } from '../adapter/webhook/httpTypes';
import { signedRequest } from './support/signedRequest';
import { ask, startChild } from './support/children';
import { foreignShare, machineBusyUs, NOISY_SHARE, noiseCell } from './support/noise';
import { shippedPackage } from './support/shipped';
import { selfSignedCert } from './support/tlsCert';

const BATCH_SIZE = 10;
/**
 * Offered events/s, the same for every row. Below the default page send budget (300 text messages/s
 * with the 0.8 safety factor: 240/s), so that the rate limiter admits every reply at once and the
 * rows differ only in the work they do.
 */
const RATE = Math.max(10, Math.min(Number(process.env.BENCH_RATE ?? 200), 2000));
const SECONDS = Math.max(1, Math.min(Number(process.env.BENCH_SECONDS ?? 6), 60));
const BATCHES = Math.round((RATE / BATCH_SIZE) * SECONDS);
const ROUNDS = Math.max(1, Math.min(Number(process.env.BENCH_ROUNDS ?? 4), 20));
const WARM_BATCHES = 60;
const SECRET = 'bench-app-secret';
const PAGE_ID = '370873143344730';

/** One configuration the bench measures. */
export type RowKind = 'memory-none' | 'memory-full' | 'redis-none' | 'redis-full' | 'redis-full-no-app-id';
const ROWS: Array<{ kind: RowKind; label: string }> = [
  { kind: 'memory-none', label: 'memory store, no middleware' },
  { kind: 'memory-full', label: 'memory store, full default stack' },
  { kind: 'redis-none', label: 'RedisStateStore, no middleware' },
  { kind: 'redis-full', label: 'RedisStateStore, full default stack' },
  { kind: 'redis-full-no-app-id', label: 'RedisStateStore, full stack, appId not set' },
];
/** This app's Meta app id, set as the README's setup sets it (`appId`), but in the row that leaves it out. */
const APP_ID = '1517776481860111';

/** What a row's process reports. */
export interface RowResult {
  turns: number;
  cpuUs: number;
  wallMs: number;
  non200: number;
}

// ---------------------------------------------------------------- Graph stand-in (child)

function runGraph(): void {
  const { key, cert } = JSON.parse(process.env.BENCH_TLS ?? '{}') as { key: string; cert: string };
  let sends = 0;
  const server = createHttpsServer({ key, cert }, (req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      if (req.method === 'GET') {
        const id = (req.url ?? '/').split('?')[0]?.split('/').pop() ?? '0';
        res.end(JSON.stringify({ id, first_name: 'Ada', last_name: 'Lovelace' }));
        return;
      }
      sends++;
      res.end(`{"recipient_id":"6780462125377510","message_id":"m_sent_${sends}"}`);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
  process.on('message', () => {
    const cpu = process.cpuUsage();
    process.send?.({ sends, cpuUs: cpu.user + cpu.system });
  });
}

// ---------------------------------------------------------------- one row (child)

function body(tag: string, b: number): string {
  const now = Date.now();
  return JSON.stringify({
    object: 'page',
    entry: [
      {
        id: PAGE_ID,
        time: now,
        messaging: Array.from({ length: BATCH_SIZE }, (_, i) => ({
          sender: { id: `67804621253775${String(10 + i)}` },
          recipient: { id: PAGE_ID },
          timestamp: now + i,
          message: { mid: `m_${tag}_${b}_${i}`, text: `hello number ${b} from user ${i}` },
        })),
      },
    ],
  });
}

async function runRow(kind: RowKind, graphPort: number, redisUrl: string): Promise<void> {
  const { MessengerAdapter, RedisStateStore } = shippedPackage();
  const onRedis = kind.startsWith('redis');
  const full = kind !== 'memory-none' && kind !== 'redis-none';
  const store = onRedis ? new RedisStateStore({ url: redisUrl, prefix: `bench:turns:${randomUUID().slice(0, 8)}:` }) : undefined;
  if (store) await store.ping();
  const options: MessengerAdapterOptions = {
    appSecret: SECRET,
    verifyToken: 'bench',
    accessToken: 'bench-page-token',
    graphApiUrl: `https://127.0.0.1:${graphPort}`,
    logger: { error: () => {}, warn: () => {} },
    maxPendingEvents: 100_000,
    ...(store ? { store } : {}),
    ...(full ? {} : { defaultMiddleware: false, userNames: false }),
    ...(kind === 'redis-full-no-app-id' ? {} : { appId: APP_ID }),
  };
  const adapter = new MessengerAdapter(options);
  adapter.onTurnError = async () => {};
  let turns = 0;
  const echo = new ActivityHandler().onMessage(async (context, next) => {
    await context.sendActivity(`Echo: ${context.activity.text}`);
    await next();
  });
  const logic = async (context: TurnContext) => {
    await echo.run(context);
    turns++;
  };
  const tag = randomUUID().slice(0, 8);
  let non200 = 0;
  const post = async (b: number) => {
    const res: WebhookResponse & { statusCode: number } = {
      statusCode: 200,
      headersSent: false,
      setHeader: () => {},
      end() {},
    };
    await adapter.process(signedRequest(body(tag, b), SECRET), res, logic);
    if (res.statusCode !== 200) non200++;
  };
  /** Open loop: one batch every `1000 / (RATE / 10)` ms, whatever the answers (Meta does not wait either). */
  const load = async (from: number, count: number) => {
    const posted: Promise<void>[] = [];
    const everyMs = 1000 / (RATE / BATCH_SIZE);
    const started = Date.now();
    for (let b = 0; b < count; b++) {
      const due = started + b * everyMs - Date.now();
      if (due > 0) await new Promise((resolve) => setTimeout(resolve, due));
      posted.push(post(from + b));
    }
    await Promise.all(posted);
    await adapter.whenIdle();
  };
  await load(0, WARM_BATCHES);
  process.send?.({ warm: true });
  await new Promise<void>((resolve) => process.once('message', () => resolve()));
  const turnsBefore = turns;
  const cpu = process.cpuUsage();
  const started = Date.now();
  await load(WARM_BATCHES, BATCHES);
  const used = process.cpuUsage(cpu);
  const result: RowResult = {
    turns: turns - turnsBefore,
    cpuUs: used.user + used.system,
    wallMs: Date.now() - started,
    non200,
  };
  process.send?.(result);
  await adapter.close({ deadlineMs: 1000 }).catch(() => undefined);
  await store?.close();
  process.exit(0);
}

// ---------------------------------------------------------------- orchestrator

interface RedisCounters {
  calls: number;
  /** The server process's CPU so far, µs. */
  usec: number;
  reads: number;
  byCommand: Map<string, number>;
}

async function redisCounters(redis: Redis): Promise<RedisCounters> {
  const cpu = await redis.info('cpu');
  const stats = await redis.info('commandstats');
  const general = await redis.info('stats');
  const byCommand = new Map<string, number>();
  let calls = 0;
  for (const line of stats.split('\n')) {
    const match = /^cmdstat_([^:]+):calls=(\d+)/.exec(line.trim());
    if (!match || match[1] === 'info') continue;
    byCommand.set(match[1] as string, Number(match[2]));
    calls += Number(match[2]);
  }
  const reads = Number(/total_reads_processed:(\d+)/.exec(general)?.[1] ?? 0);
  // The server's own CPU (user + system), socket work included. The commands' `usec` would count a
  // script's inner commands twice (the script's time includes them, and each is listed on its own).
  const seconds = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(cpu)?.[1] ?? 0);
  const usec = Math.round((seconds('used_cpu_user') + seconds('used_cpu_sys')) * 1e6);
  return { calls, usec, reads, byCommand };
}

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A private redis-server on loopback (no persistence), or undefined when none is installed. */
async function startRedis(): Promise<{ url: string; process: ChildProcess } | undefined> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const failed = await new Promise<boolean>((resolve) => {
    child.once('error', () => resolve(true));
    setTimeout(() => resolve(false), 300);
  });
  if (failed) return undefined;
  return { url: `redis://127.0.0.1:${port}/0`, process: child };
}

/** The row's figures, with the Redis counters around its measured part. */
export interface MeasuredRow extends RowResult {
  kind: RowKind;
  label: string;
  /** Share of the machine's CPU other processes took during the row. */
  noise: number;
  redis?: { calls: number; usec: number; reads: number; byCommand: Map<string, number> };
}

/** Runs the rows (in reverse order when `reversed`) and returns their figures (used by this file's main and by other benches). */
export async function measureRows(reversed = false): Promise<MeasuredRow[]> {
  const tls = selfSignedCert();
  const graph = await startChild<{ port: number }>(__filename, ['graph'], { BENCH_TLS: JSON.stringify(tls) });
  const own = await startRedis();
  const redisUrl = own?.url ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/15';
  const admin = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  const rows: MeasuredRow[] = [];
  try {
    for (const { kind, label } of reversed ? [...ROWS].reverse() : ROWS) {
      const { child } = await startChild<unknown>(__filename, ['row', kind, String(graph.ready.port), redisUrl], {
        NODE_TLS_REJECT_UNAUTHORIZED: '0',
      });
      const before = await redisCounters(admin);
      const graphBefore = await ask<{ cpuUs: number }>(graph.child, 'stats');
      const busyBefore = machineBusyUs();
      const ownBefore = process.cpuUsage();
      const result = await ask<RowResult>(child, 'go');
      const own = process.cpuUsage(ownBefore);
      const busy = machineBusyUs() - busyBefore;
      const graphCpu = (await ask<{ cpuUs: number }>(graph.child, 'stats')).cpuUs - graphBefore.cpuUs;
      const after = await redisCounters(admin);
      // redis-server's CPU is left in "other": its command time is reported on its own
      const noise = foreignShare(busy, result.cpuUs + graphCpu + own.user + own.system + (after.usec - before.usec), result.wallMs);
      await new Promise((resolve) => child.once('exit', resolve));
      const byCommand = new Map<string, number>();
      for (const [name, calls] of after.byCommand) {
        const delta = calls - (before.byCommand.get(name) ?? 0);
        if (delta > 0) byCommand.set(name, delta);
      }
      rows.push({
        kind,
        label,
        ...result,
        noise,
        ...(kind.startsWith('redis')
          ? {
              redis: {
                // the three INFO calls of redisCounters are left out; the reads include them (3 per sample)
                calls: after.calls - before.calls,
                usec: after.usec - before.usec,
                reads: after.reads - before.reads - 3,
                byCommand,
              },
            }
          : {}),
      });
    }
  } finally {
    admin.disconnect();
    graph.child.kill();
    own?.process.kill();
  }
  return rows;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

const perTurn = (r: MeasuredRow | undefined) => (r ? r.cpuUs / r.turns : Number.NaN);

/** `a / b` per round: the median, and the range in brackets. */
function ratioCell(rounds: readonly MeasuredRow[][], a: RowKind, b: RowKind): string {
  const ratios = rounds.map((rows) => perTurn(rows.find((r) => r.kind === a)) / perTurn(rows.find((r) => r.kind === b)));
  return `${median(ratios).toFixed(2)}x CPU (rounds ${ratios.map((x) => x.toFixed(2)).join(', ')})`;
}

async function main(): Promise<void> {
  const rounds: MeasuredRow[][] = [];
  // every other round runs the rows in reverse order, so that a machine that slows down or speeds up
  // during the bench does not favour the rows that come first
  for (let round = 0; round < ROUNDS; round++) rounds.push(await measureRows(round % 2 === 1));
  console.log(
    `${RATE} events/s offered for ${SECONDS} s (batches of ${BATCH_SIZE} messages from 10 users), echo bot, loopback Graph; ` +
      `${ROUNDS} round(s) of the ${ROWS.length} rows (every other one in reverse order), figures of the median round per row`,
  );
  const last = rounds[rounds.length - 1] ?? [];
  console.table(
    last.map(({ kind, label }) => {
      const runs = rounds.map((rows) => rows.find((r) => r.kind === kind)).filter((r): r is MeasuredRow => r !== undefined);
      const r = [...runs].sort((x, y) => perTurn(x) - perTurn(y))[Math.floor(runs.length / 2)] as MeasuredRow;
      return {
        row: label,
        'CPU µs/turn': Math.round(perTurn(r)),
        'each round': runs.map((run) => Math.round(perTurn(run))).join(' / '),
        'turns/s': Math.round(r.turns / (r.wallMs / 1000)),
        'Redis cmds/turn': r.redis ? (r.redis.calls / r.turns).toFixed(2) : '',
        'Redis reads/turn': r.redis ? (r.redis.reads / r.turns).toFixed(2) : '',
        'Redis CPU µs/turn': r.redis ? (r.redis.usec / r.turns).toFixed(1) : '',
        'non-200': r.non200,
        'other load': noiseCell(Math.max(...runs.map((run) => run.noise))),
      };
    }),
  );
  const noisy = [...new Set(rounds.flat().filter((r) => r.noise > NOISY_SHARE).map((r) => r.label))];
  if (noisy.length > 0) console.log(`NOISY MACHINE during: ${noisy.join('; ')}. Rerun to confirm.`);
  console.log(`full stack / no middleware, memory store: ${ratioCell(rounds, 'memory-full', 'memory-none')}`);
  console.log(`full stack on Redis / no middleware (memory store): ${ratioCell(rounds, 'redis-full', 'memory-none')}  (goal <= 1.5x)`);
  console.log(`full stack on Redis / no middleware on Redis: ${ratioCell(rounds, 'redis-full', 'redis-none')}`);
  console.log(`full stack on Redis, appId not set / no middleware (memory store): ${ratioCell(rounds, 'redis-full-no-app-id', 'memory-none')}`);
  console.log(`full stack on Redis, appId not set / no middleware on Redis: ${ratioCell(rounds, 'redis-full-no-app-id', 'redis-none')}`);
  for (const kind of ['redis-full', 'redis-full-no-app-id'] as const) {
    const full = last.find((r) => r.kind === kind);
    if (!full?.redis) continue;
    const commands = [...full.redis.byCommand].map(([name, calls]) => `${name} ${(calls / full.turns).toFixed(2)}`).join(', ');
    console.log(`Redis commands per turn, ${full.label} (last round): ${commands}`);
  }
}

const [mode, kind, port, url] = process.argv.slice(2);
if (mode === 'graph') runGraph();
else if (mode === 'row') {
  runRow(kind as RowKind, Number(port), url as string).catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}

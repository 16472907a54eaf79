/**
 * The "Meta" side of the multi-process fault tests: floods bot instances (child processes) with
 * signed webhook batches, delivers every batch again until some instance answers 200 (as Meta does),
 * and counts what the instances report as run.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import Redis from 'ioredis';
import { metaJson, sign } from '../../helpers/webhookRequests';

const PAGE_ID = '370873143344730';
const T0 = 1_701_427_704_837;

/** A bot instance in a child process. */
export interface Instance {
  readonly child: ChildProcess;
  readonly port: number;
  alive: boolean;
}

/** Starts `count` instances on the Redis at `redisUrl`, sharing `prefix`; `runs` receives every finished turn. */
export async function startInstances(
  count: number,
  env: Record<string, string>,
  runs: (text: string, instance: number) => void,
): Promise<Instance[]> {
  const file = join(__dirname, 'instance.ts');
  return Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const child = fork(file, [], {
        execArgv: ['--require', 'tsx/cjs'],
        env: { ...process.env, ...env },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      const port = await new Promise<number>((resolve, reject) => {
        child.on('message', (message: { port?: number; ran?: string }) => {
          if (message.port !== undefined) resolve(message.port);
          if (message.ran !== undefined) runs(message.ran, index);
        });
        child.once('exit', (code) => reject(new Error(`instance exited early (${code})`)));
      });
      const instance: Instance = { child, port, alive: true };
      child.once('exit', () => {
        instance.alive = false;
      });
      return instance;
    }),
  );
}

/**
 * Waits until the live instances share the partitions: every partition leased, by `holders`
 * distinct instances (at start the first instance holds them all and hands them over).
 */
export async function waitForBalance(redisUrl: string, prefix: string, partitions: number, holders: number): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    const until = Date.now() + 15_000;
    for (;;) {
      const leases = await redis.mget(...Array.from({ length: partitions }, (_, p) => `${prefix}in:${p}:lease`));
      if (leases.every((holder) => holder !== null) && new Set(leases).size === holders) return;
      if (Date.now() > until) throw new Error(`partitions not shared by ${holders} instances: ${leases.join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    redis.disconnect();
  }
}

/** Stops the instances that are still alive (SIGTERM, then SIGKILL after 3 s). */
export async function stopInstances(instances: readonly Instance[]): Promise<void> {
  await Promise.all(
    instances.map(
      (instance) =>
        new Promise<void>((resolve) => {
          const { child } = instance;
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
}

function postOnce(port: number, body: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/messages',
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(body), 'content-length': Buffer.byteLength(body) },
        timeout: 5000,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
    req.end(body);
  });
}

/** Figures of one flood. */
export interface FloodFigures {
  /** Events of batches some instance answered 200 for. */
  acknowledged: number;
  /** Acknowledged events whose turn ran at least once. */
  processed: number;
  /** Extra runs of an event beyond its first. */
  duplicated: number;
  /** Acknowledged events whose turn never ran. */
  lost: number;
  /** Conversations whose events first ran out of order. */
  outOfOrder: number;
  /** Deliveries answered other than 200 (and delivered again). */
  refused: number;
  /** From the fault to when every event acknowledged before it had run, ms. */
  recoverMs: number;
  /** From the first batch to when every acknowledged event had run, ms. */
  totalMs: number;
}

/** Options of {@link flood}. */
export interface FloodOptions {
  readonly instances: Instance[];
  /** Parallel senders; each owns its own conversations and sends its batches one after the other. */
  readonly lanes: number;
  readonly batchesPerLane: number;
  /** Events (= conversations of the lane) per batch. */
  readonly eventsPerBatch: number;
  /** Called once when half the batches have been acknowledged; the fault to inject. */
  readonly fault: () => void;
  /** Gives up waiting for the turns after this long, ms. */
  readonly settleMs: number;
  /** Every turn that finished, in the order reported. */
  readonly ran: string[];
}

/** Floods, injects the fault half-way, waits for the turns, and counts. */
export async function flood(options: FloodOptions): Promise<FloodFigures> {
  const { instances, lanes, batchesPerLane, eventsPerBatch, ran } = options;
  const acknowledged: string[] = [];
  const ackedBeforeFault = new Set<string>();
  let faultAt: number | undefined;
  let refused = 0;
  let sent = 0;
  let next = 0;
  const start = Date.now();
  const half = Math.floor((lanes * batchesPerLane) / 2);
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      for (let seq = 0; seq < batchesPerLane; seq++) {
        const events = Array.from({ length: eventsPerBatch }, (_, k) => {
          const conversation = `${lane}-${k}`;
          const user = String(2_000_000_000_000_000 + lane * 1000 + k);
          return {
            sender: { id: user },
            recipient: { id: PAGE_ID },
            timestamp: T0 + seq * 10,
            message: { mid: `m_${conversation}_${seq}`, text: `${conversation}:${seq}` },
          };
        });
        const body = metaJson({ object: 'page', entry: [{ id: PAGE_ID, time: T0 + seq * 10, messaging: events }] });
        for (;;) {
          const live = instances.filter((instance) => instance.alive);
          const target = live[next++ % Math.max(1, live.length)];
          const status = target === undefined ? 0 : await postOnce(target.port, body);
          if (status === 200) break;
          refused++;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        for (const event of events) {
          acknowledged.push(event.message.text);
          if (faultAt === undefined) ackedBeforeFault.add(event.message.text);
        }
        sent++;
        if (sent === half && faultAt === undefined) {
          faultAt = Date.now();
          options.fault();
        }
      }
    }),
  );
  const wanted = new Set(acknowledged);
  const seen = new Set<string>();
  let recoveredAt: number | undefined;
  let doneAt: number | undefined;
  let scanned = 0;
  const deadline = Date.now() + options.settleMs;
  while (Date.now() < deadline) {
    for (; scanned < ran.length; scanned++) seen.add(ran[scanned] as string);
    if (recoveredAt === undefined && [...ackedBeforeFault].every((text) => seen.has(text))) recoveredAt = Date.now();
    if ([...wanted].every((text) => seen.has(text))) {
      doneAt = Date.now();
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  // Late duplicates show up shortly after; give them a moment.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const counts = new Map<string, number>();
  for (const text of ran) counts.set(text, (counts.get(text) ?? 0) + 1);
  let duplicated = 0;
  for (const count of counts.values()) duplicated += count - 1;
  const lastSeq = new Map<string, number>();
  const bad = new Set<string>();
  const first = new Set<string>();
  for (const text of ran) {
    if (first.has(text)) continue;
    first.add(text);
    const [conversation, seqText] = text.split(':') as [string, string];
    const seq = Number(seqText);
    if ((lastSeq.get(conversation) ?? -1) > seq) bad.add(conversation);
    lastSeq.set(conversation, seq);
  }
  const lost = [...wanted].filter((text) => !counts.has(text)).length;
  return {
    acknowledged: wanted.size,
    processed: wanted.size - lost,
    duplicated,
    lost,
    outOfOrder: bad.size,
    refused,
    recoverMs: recoveredAt === undefined || faultAt === undefined ? Number.NaN : recoveredAt - faultAt,
    totalMs: (doneAt ?? Date.now()) - start,
  };
}

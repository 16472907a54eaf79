/**
 * Attachment upload reuse benchmark (issue #6), side by side in one run, loopback only: the same 1 MB
 * JPEG sent 100 times (one proactive turn per send, as a bot answering 100 messages would) through a
 * real MessengerAdapter whose Graph API is a node http stand-in on 127.0.0.1, counting every call:
 *   (a) with AttachmentMiddleware: uploaded once (multipart), then the stored attachment_id is reused;
 *   (b) without it: the adapter uploads the bytes before every send, as nothing remembers the id;
 *   (c) for scale, the floor: the same send by URL (no upload, no hashing).
 * Each round uses a new adapter and store (so (a) uploads exactly once per round); rounds alternate
 * (a) and (b), and the median round is reported.
 *
 * Run: `npm run bench -- attachments`, or `npx tsx bench/attachments.bench.ts`.
 * Env: BENCH_SENDS (default 100), BENCH_ROUNDS (default 3), BENCH_GRAPH_LATENCY_MS (extra delay the
 * stand-in adds to every answer, default 0: pure loopback; a real Graph upload takes far longer).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConversationReference } from 'botbuilder';
import { MessengerAdapter } from '../adapter/messengerAdapter';
import { MemoryStateStore } from '../adapter/state/memoryStateStore';
import { AttachmentMiddleware } from '../middleware/attachments';

const SENDS = Math.max(1, Math.min(Number(process.env.BENCH_SENDS ?? 100), 1000));
const ROUNDS = Math.max(1, Math.min(Number(process.env.BENCH_ROUNDS ?? 3), 10));
const LATENCY_MS = Math.max(0, Math.min(Number(process.env.BENCH_GRAPH_LATENCY_MS ?? 0), 2000));
const PAGE_ID = '370873143344730';
const PSID = '6780462125377510';

/** A 1 MiB "photo": a JPEG header, then random bytes (no two runs compress alike). */
const IMAGE = Buffer.concat([
  Buffer.from('ffd8ffe000104a46494600010101004800480000', 'hex'),
  randomBytes(1024 * 1024 - 20),
]);

interface Counts {
  uploads: number;
  uploadBytes: number;
  sends: number;
}

/** The Graph stand-in: answers uploads and sends, counting them. */
function startGraph(counts: Counts): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0];
      let body: string;
      if (req.method === 'POST' && path === '/v27.0/me/message_attachments') {
        counts.uploads++;
        counts.uploadBytes += bytes;
        body = JSON.stringify({ attachment_id: `1857777774${String(counts.uploads).padStart(6, '0')}` });
      } else if (req.method === 'POST' && path === '/v27.0/me/messages') {
        counts.sends++;
        body = JSON.stringify({ recipient_id: PSID, message_id: `m_bench_${counts.sends}` });
      } else {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"error":{"message":"unknown path","type":"OAuthException","code":100}}');
        return;
      }
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(body);
      }, LATENCY_MS);
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    });
  });
}

const reference: Partial<ConversationReference> = {
  channelId: 'facebook',
  serviceUrl: 'https://graph.facebook.com',
  user: { id: PSID, name: PSID },
  bot: { id: PAGE_ID, name: PAGE_ID },
  conversation: { id: `${PSID}-${PAGE_ID}`, isGroup: false, conversationType: 'personal', name: '' },
};

type Kind = 'cached' | 'uncached' | 'byUrl';

/** Sends the image `SENDS` times through a new adapter; returns the wall time in ms. */
async function run(graphUrl: string, kind: Kind): Promise<number> {
  const store = new MemoryStateStore();
  const adapter = new MessengerAdapter({
    appSecret: 'bench-app-secret',
    verifyToken: 'bench-verify-token',
    accessToken: 'bench-page-token',
    graphApiUrl: graphUrl,
    store,
  });
  if (kind !== 'uncached') adapter.use(new AttachmentMiddleware());
  const attachment =
    kind === 'byUrl'
      ? { contentType: 'image/jpeg', contentUrl: 'https://cdn.example.com/photo.jpg' }
      : { contentType: 'image/jpeg', name: 'photo.jpg', content: IMAGE };
  const started = process.hrtime.bigint();
  for (let i = 0; i < SENDS; i++) {
    await adapter.continueConversationAsync('', reference, async (context) => {
      await context.sendActivity({ type: 'message', attachments: [attachment] });
    });
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  await adapter.close();
  store.close();
  return ms;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function main(): Promise<void> {
  const counts: Counts = { uploads: 0, uploadBytes: 0, sends: 0 };
  const { server, url } = await startGraph(counts);
  try {
    // Warm-up: JIT, keep-alive sockets.
    for (const kind of ['cached', 'uncached', 'byUrl'] as const) await run(url, kind);

    const results: Record<Kind, number[]> = { cached: [], uncached: [], byUrl: [] };
    const perRound: Record<Kind, Counts[]> = { cached: [], uncached: [], byUrl: [] };
    for (let round = 0; round < ROUNDS; round++) {
      const order: Kind[] =
        round % 2 === 0 ? ['cached', 'uncached', 'byUrl'] : ['byUrl', 'uncached', 'cached'];
      for (const kind of order) {
        Object.assign(counts, { uploads: 0, uploadBytes: 0, sends: 0 });
        results[kind].push(await run(url, kind));
        perRound[kind].push({ ...counts });
      }
    }

    const cached = median(results.cached);
    const uncached = median(results.uncached);
    const byUrl = median(results.byUrl);
    const c = perRound.cached[0] as Counts;
    const u = perRound.uncached[0] as Counts;
    const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
    console.log(
      `Same ${mb(IMAGE.length)} MB JPEG sent ${SENDS} times, one proactive turn each; Graph stand-in on loopback` +
        `${LATENCY_MS > 0 ? ` (+${LATENCY_MS} ms per answer)` : ''}; median of ${ROUNDS} rounds`,
    );
    console.log('scenario                          | uploads | MB uploaded | sends | total ms | ms / send');
    console.log('----------------------------------|---------|-------------|-------|----------|----------');
    const row = (name: string, counted: Counts, ms: number) =>
      console.log(
        [
          name.padEnd(33),
          String(counted.uploads).padStart(7),
          mb(counted.uploadBytes).padStart(11),
          String(counted.sends).padStart(5),
          ms.toFixed(0).padStart(8),
          (ms / SENDS).toFixed(2).padStart(9),
        ].join(' | '),
      );
    row('AttachmentMiddleware (reuse id)', c, cached);
    row('no middleware (upload each time)', u, uncached);
    row('floor: same send by URL', perRound.byUrl[0] as Counts, byUrl);
    console.log(
      `upload calls: ${c.uploads} vs ${u.uploads}; time saved ${(uncached - cached).toFixed(0)} ms ` +
        `(${(((uncached - cached) / uncached) * 100).toFixed(0)} %); uncached / cached = ${(uncached / cached).toFixed(2)}x`,
    );
    const allCachedRoundsUploadOnce = perRound.cached.every((counted) => counted.uploads === 1);
    if (!allCachedRoundsUploadOnce || perRound.uncached.some((counted) => counted.uploads !== SENDS)) {
      console.error('UNEXPECTED upload counts:', JSON.stringify(perRound));
      process.exitCode = 1;
    }
  } finally {
    server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { expect } from 'chai';
import { pacedLoad } from '../../bench/support/pacedLoad';

/** A loopback server that records when each body arrived and answers with `answer`. */
async function recordingServer(
  answer: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ server: Server; origin: string; arrivals: Array<{ at: number; body: string }> }> {
  const arrivals: Array<{ at: number; body: string }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      arrivals.push({ at: performance.now(), body: Buffer.concat(chunks).toString('utf8') });
      answer(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, arrivals };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

describe('bench: pacedLoad (the same offered load for every server)', () => {
  it('sends rate x seconds requests spread evenly over the window, not in a burst', async () => {
    const { server, origin, arrivals } = await recordingServer((_req, res) => res.end());
    let n = 0;
    try {
      const result = await pacedLoad({
        origin,
        rate: 40,
        seconds: 0.5,
        connections: 4,
        next: () => ({ path: '/api/messages', headers: { 'content-type': 'application/json' }, body: `{"n":${n++}}` }),
      });
      expect(result).to.include({ sent: 20, ok: 20, non2xx: 0 });
      expect(arrivals.map((a) => a.body)).to.deep.equal(Array.from({ length: 20 }, (_, i) => `{"n":${i}}`));
      // due every 25 ms: the 20 arrive over ~475 ms (a burst would take a few ms)
      const first = arrivals[0]?.at ?? 0;
      const span = (arrivals[19]?.at ?? 0) - first;
      expect(span).to.be.within(400, 700);
      // the first half of the requests takes about half of the window
      expect((arrivals[9]?.at ?? 0) - first).to.be.within(180, 400);
    } finally {
      await closeServer(server);
    }
  });

  it('counts non-2xx answers, and latency from when a request was due', async () => {
    // one connection, answers after 40 ms: requests due every 10 ms queue behind each other
    const { server, origin } = await recordingServer((_req, res) => {
      setTimeout(() => {
        res.statusCode = 503;
        res.end();
      }, 40);
    });
    try {
      const result = await pacedLoad({
        origin,
        rate: 100,
        seconds: 0.1,
        connections: 1,
        next: () => ({ path: '/', headers: {}, body: '{}' }),
      });
      expect(result).to.include({ sent: 10, ok: 0, non2xx: 10 });
      // the last request was due at 90 ms and answered at about 400 ms: its wait counts
      expect(result.p99).to.be.at.least(250);
    } finally {
      await closeServer(server);
    }
  });
});

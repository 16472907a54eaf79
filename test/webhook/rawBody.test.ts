import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { expect } from 'chai';
import type { WebhookRequest } from '../../adapter/webhook/httpTypes';
import { readRawBody } from '../../adapter/webhook/rawBody';

function streamRequest(chunks: string[], headers: Record<string, string> = {}): WebhookRequest {
  const stream = new PassThrough();
  const req = Object.assign(stream, { method: 'POST', headers }) as unknown as WebhookRequest;
  setImmediate(() => {
    for (const chunk of chunks) stream.write(chunk);
    stream.end();
  });
  return req;
}

describe('readRawBody', () => {
  it('reads an unread node request stream', async () => {
    expect(await readRawBody(streamRequest(['{"a":', '1}']), 100)).to.deep.equal({
      ok: true,
      raw: Buffer.from('{"a":1}'),
    });
  });

  it('reads a body that arrived whole while the request waited unread (node sets req.complete then)', async () => {
    let seen: { complete: boolean | undefined; result: Awaited<ReturnType<typeof readRawBody>> } | undefined;
    const server = createServer((req, res) => {
      // held as the adapter holds a request while its backlog is full: the body arrives meanwhile
      setTimeout(() => {
        const complete = req.complete;
        void readRawBody(req, 1000).then((result) => {
          seen = { complete, result };
          res.end();
        });
      }, 50);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: '{"object":"page"}' });
    } finally {
      server.close();
    }
    expect(seen?.complete).to.equal(true);
    expect(seen?.result).to.deep.equal({ ok: true, raw: Buffer.from('{"object":"page"}') });
  });

  it('uses a Buffer body (express.raw) and req.rawBody (express.json verify, restify)', async () => {
    const raw = Buffer.from('{"x":1}');
    expect(await readRawBody({ headers: {}, body: raw }, 100)).to.deep.equal({ ok: true, raw });
    expect(await readRawBody({ headers: {}, body: { x: 1 }, rawBody: raw }, 100)).to.deep.equal({
      ok: true,
      raw,
    });
  });

  it('refuses a body parsed without raw bytes with a 500 that says how to fix the setup', async () => {
    const result = await readRawBody({ headers: {}, body: { object: 'page' }, readableEnded: true }, 100);
    expect(result.ok).to.equal(false);
    if (result.ok) return;
    expect(result.status).to.equal(500);
    expect(result.message).to.contain('express.raw');
  });

  it('answers 413 past the limit, by Content-Length or by counting', async () => {
    const byHeader = await readRawBody({ headers: { 'content-length': '5000' } }, 100);
    expect(byHeader).to.include({ ok: false, status: 413 });
    const byCount = await readRawBody(streamRequest(['x'.repeat(60), 'y'.repeat(60)]), 100);
    expect(byCount).to.include({ ok: false, status: 413 });
  });
});

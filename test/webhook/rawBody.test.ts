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

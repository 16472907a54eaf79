import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import nock from 'nock';
import sinon from 'sinon';
import { MessengerError } from '../../adapter/errors';
import { GraphClient } from '../../adapter/graph/graphClient';
import { APP_SECRET, PAGE_ID, PAGE_PROOF, PAGE_TOKEN, rejectionOf } from './helpers';

describe('GraphClient uploads through axios (loopback)', () => {
  let server: http.Server;
  let seen: { url: string; contentType: string | undefined; body: string }[];
  let answer: (res: http.ServerResponse) => void;
  let client: GraphClient;

  before(() => nock.restore());
  after(() => nock.activate());
  beforeEach(async () => {
    seen = [];
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString('latin1');
      });
      req.on('end', () => {
        seen.push({ url: req.url ?? '', contentType: req.headers['content-type'], body });
        answer(res);
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    client = new GraphClient({
      appSecret: APP_SECRET,
      accessToken: PAGE_TOKEN,
      graphApiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      maxRetries: 0,
      timeoutMs: 8_000,
    });
  });
  afterEach(async () => {
    sinon.restore();
    client.close();
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });

  const upload = () =>
    client.uploadAttachment(PAGE_ID, {
      type: 'image',
      data: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
      contentType: 'image/jpeg',
      filename: 'receipt.jpg',
    });

  it('posts the file as multipart with the message part and appsecret_proof', async () => {
    answer = (res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"attachment_id":"1857777774821032"}');
    };
    expect(await upload()).to.equal('1857777774821032');
    expect(seen).to.have.length(1);
    expect(seen[0]?.url).to.equal(`/v27.0/me/message_attachments?appsecret_proof=${PAGE_PROOF}`);
    expect(seen[0]?.contentType).to.match(/^multipart\/form-data; boundary=/);
    expect(seen[0]?.body).to.include('name="message"');
    expect(seen[0]?.body).to.include('{"attachment":{"type":"image","payload":{"is_reusable":true}}}');
    expect(seen[0]?.body).to.include('name="filedata"; filename="receipt.jpg"');
  });

  it('gives NETWORK_ERROR with timedOut when the upload is not answered by the deadline', async () => {
    const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    answer = () => undefined; // never answers
    const pending = upload();
    pending.catch(() => undefined);
    while (seen.length === 0) await new Promise((resolve) => setImmediate(resolve));
    clock.tick(8_000);
    const error = await rejectionOf(pending);
    expect(MessengerError.is(error, 'NETWORK_ERROR')).to.equal(true);
    expect((error as MessengerError).details).to.include({ timedOut: true, errorCode: 'ETIMEDOUT', maybeSent: true });
    expect(error.message).to.include('within 8000 ms');
  });
});

import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { expect } from 'chai';
import nock from 'nock';
import { GraphClient } from '../../adapter/graph/graphClient';
import type { GraphHttpClient } from '../../adapter/graph/options';
import { APP_SECRET, PAGE_ID, PAGE_PROOF, PAGE_TOKEN, PSID } from './helpers';

const CLIENTS: GraphHttpClient[] = ['undici', 'node'];

for (const httpClient of CLIENTS) describe(`GraphClient over a loopback server (httpClient: '${httpClient}')`, () => {
  let server: http.Server;
  let sockets: Socket[];
  let requests: { method: string; url: string; authorization: string | undefined; body: string }[];
  let client: GraphClient;

  // nock's interception replaces node's sockets (even for requests it lets through), which hides
  // keep-alive; this suite talks to a real loopback server with interception off.
  before(() => nock.restore());
  after(() => nock.activate());

  beforeEach(async () => {
    sockets = [];
    requests = [];
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8');
      });
      req.on('end', () => {
        requests.push({
          method: req.method ?? '',
          url: req.url ?? '',
          authorization: req.headers.authorization,
          body,
        });
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ recipient_id: PSID, message_id: `m_${requests.length}` }));
      });
    });
    server.on('connection', (socket: Socket) => sockets.push(socket));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    client = new GraphClient({
      appSecret: APP_SECRET,
      accessToken: PAGE_TOKEN,
      graphApiUrl: `http://127.0.0.1:${port}`,
      httpClient,
    });
  });
  afterEach(async () => {
    client.close();
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });

  it('sends real requests and reuses its keep-alive connections', async () => {
    const body = { recipient: { id: PSID }, message: { text: 'one' } };
    expect((await client.sendMessage(PAGE_ID, body)).messageId).to.equal('m_1');
    expect((await client.sendMessage(PAGE_ID, { ...body, message: { text: 'two' } })).messageId).to.equal(
      'm_2',
    );
    await client.sendMessage(PAGE_ID, { ...body, message: { text: 'three' } });
    await client.sendMessage(PAGE_ID, { ...body, message: { text: 'four' } });
    // undici's pool opens a second connection for the call right after the very first one (the
    // first is not marked free yet), then reuses them: the figure is measured, not assumed
    expect(sockets).to.have.length(httpClient === 'undici' ? 2 : 1);
    expect(requests.slice(0, 2)).to.deep.equal([
      {
        method: 'POST',
        url: `/v27.0/me/messages?appsecret_proof=${PAGE_PROOF}`,
        authorization: `Bearer ${PAGE_TOKEN}`,
        body: JSON.stringify(body),
      },
      {
        method: 'POST',
        url: `/v27.0/me/messages?appsecret_proof=${PAGE_PROOF}`,
        authorization: `Bearer ${PAGE_TOKEN}`,
        body: JSON.stringify({ ...body, message: { text: 'two' } }),
      },
    ]);
  });

  it('close() destroys the kept-alive connection', async () => {
    await client.sendMessage(PAGE_ID, { recipient: { id: PSID }, message: { text: 'hi' } });
    const socket = sockets[0];
    expect(socket?.destroyed).to.equal(false);
    const closed = once(socket as Socket, 'close');
    client.close();
    await closed;
    expect(socket?.destroyed).to.equal(true);
  });
});

import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import nock from 'nock';
import sinon from 'sinon';
import { MessengerError } from '../../adapter/errors';
import { EXCHANGE_ERROR_CODES, ExchangeTimeoutError, type JsonExchangeResponse } from '../../adapter/graph/exchangeAnswer';
import { exchangeJson, type JsonExchangeRequest } from '../../adapter/graph/jsonExchange';
import { UndiciExchange } from '../../adapter/graph/undiciExchange';
import { APP_SECRET, PAGE_ID, PAGE_PROOF, PAGE_TOKEN, PSID, rejectionOf } from './helpers';
import { GraphClient } from '../../adapter/graph/graphClient';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A loopback server whose answer each test sets; it records what it received. */
function loopback(answer: (req: http.IncomingMessage, res: http.ServerResponse) => void): {
  server: http.Server;
  seen: Seen[];
  ready: Promise<number>;
} {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      answer(req, res);
    });
  });
  server.listen(0, '127.0.0.1');
  const ready = once(server, 'listening').then(() => (server.address() as AddressInfo).port);
  return { server, seen, ready };
}

async function stop(server: http.Server): Promise<void> {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
}

/** The two JSON exchanges the Graph transport chooses from: one contract, the same tests. */
const EXCHANGES = [
  { name: 'exchangeJson (node https)', make: () => nodeExchange() },
  { name: 'UndiciExchange', make: () => undiciExchange() },
];

interface ExchangeUnderTest {
  exchange(request: JsonExchangeRequest): Promise<JsonExchangeResponse>;
  close(): Promise<void>;
}

function nodeExchange(): ExchangeUnderTest {
  const agent = new http.Agent({ keepAlive: true });
  return {
    exchange: (request) => exchangeJson({ ...request, agent }),
    close: async () => agent.destroy(),
  };
}

/** One undici pool per origin, as the transport keeps one for its Graph URL. */
function undiciExchange(): ExchangeUnderTest {
  const pools = new Map<string, UndiciExchange>();
  return {
    exchange: (request) => {
      const origin = `${request.protocol}//${request.hostname}:${request.port}`;
      let pool = pools.get(origin);
      if (pool === undefined) {
        pool = new UndiciExchange(origin, 30_000);
        pools.set(origin, pool);
      }
      return pool.exchange(request);
    },
    close: async () => {
      await Promise.all([...pools.values()].map((pool) => pool.close()));
    },
  };
}

for (const { name, make } of EXCHANGES) describe(`${name} over a loopback server`, () => {
  const agent = new http.Agent({ keepAlive: true });
  let server: http.Server | undefined;
  let under: ExchangeUnderTest;
  const exchange = (request: JsonExchangeRequest) => under.exchange(request);

  // nock's interception replaces node's sockets; these tests talk to real loopback servers
  before(() => nock.restore());
  after(() => {
    nock.activate();
    agent.destroy();
  });
  beforeEach(() => {
    under = make();
  });
  afterEach(async () => {
    sinon.restore();
    await under.close();
    if (server !== undefined) await stop(server);
    server = undefined;
  });

  function request(port: number, overrides: Partial<JsonExchangeRequest> = {}): JsonExchangeRequest {
    return {
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: String(port),
      path: '/v27.0/me/messages?appsecret_proof=abc',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify({ recipient: { id: PSID }, message: { text: 'Grüße 👋' } }),
      agent,
      timeoutMs: 10_000,
      maxResponseBytes: 1024,
      ...overrides,
    };
  }

  it('sends the method, path, headers and UTF-8 body with its byte length, and parses the JSON answer', async () => {
    const started = loopback((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'X-App-Usage': '{"call_count":5}' });
      res.end(JSON.stringify({ recipient_id: PSID, message_id: 'm_1' }));
    });
    server = started.server;
    const answer = await exchange(request(await started.ready));
    const body = JSON.stringify({ recipient: { id: PSID }, message: { text: 'Grüße 👋' } });
    expect(started.seen).to.have.length(1);
    expect(started.seen[0]).to.deep.include({ method: 'POST', url: '/v27.0/me/messages?appsecret_proof=abc', body });
    expect(started.seen[0]?.headers).to.include({
      accept: 'application/json',
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
    });
    expect(started.seen[0]?.headers).not.to.have.property('accept-encoding');
    expect(answer.status).to.equal(200);
    expect(answer.data).to.deep.equal({ recipient_id: PSID, message_id: 'm_1' });
    expect(answer.headers['x-app-usage']).to.equal('{"call_count":5}');
  });

  it('sends a GET without a body and resolves any status', async () => {
    const started = loopback((_req, res) => {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end('{"error":{"message":"Unknown path","code":803}}');
    });
    server = started.server;
    const answer = await exchange(request(await started.ready, { method: 'GET', body: undefined }));
    expect(started.seen[0]).to.deep.include({ method: 'GET', body: '' });
    expect(started.seen[0]?.headers).not.to.have.property('content-length');
    expect(answer).to.deep.include({ status: 404, data: { error: { message: 'Unknown path', code: 803 } } });
  });

  it('gives the text of an answer that is not JSON, and an empty string for an empty one', async () => {
    const answers = ['<html>Bad Gateway</html>', ''];
    const started = loopback((_req, res) => {
      res.writeHead(502, { 'Content-Type': 'text/html' });
      res.end(answers.shift());
    });
    server = started.server;
    const port = await started.ready;
    expect((await exchange(request(port))).data).to.equal('<html>Bad Gateway</html>');
    expect((await exchange(request(port))).data).to.equal('');
  });

  it('does not follow a redirect', async () => {
    const started = loopback((_req, res) => {
      res.writeHead(302, { Location: 'http://127.0.0.1:1/elsewhere' });
      res.end();
    });
    server = started.server;
    const answer = await exchange(request(await started.ready));
    expect(answer.status).to.equal(302);
    expect(started.seen).to.have.length(1);
  });

  it('refuses an answer larger than maxResponseBytes', async () => {
    const started = loopback((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ data: 'x'.repeat(4096) }));
    });
    server = started.server;
    const error = await rejectionOf(exchange(request(await started.ready)));
    expect(error).to.include({ code: EXCHANGE_ERROR_CODES.tooLarge, message: 'the answer exceeded 1024 bytes' });
  });

  it('fails when the connection closes before the whole answer arrived', async () => {
    const started = loopback((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' });
      res.write('{"recipient_id":');
      setImmediate(() => res.socket?.destroy());
    });
    server = started.server;
    const error = await rejectionOf(exchange(request(await started.ready)));
    expect((error as Error & { code?: string }).code).to.be.oneOf([EXCHANGE_ERROR_CODES.truncated, 'ECONNRESET']);
  });

  it('rejects with ExchangeTimeoutError when the whole answer is not there by the deadline', async () => {
    const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const started = loopback((_req, res) => {
      // headers at once, the body never: the deadline covers the whole exchange
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{');
    });
    server = started.server;
    const pending = exchange(request(await started.ready, { timeoutMs: 5_000 }));
    while (started.seen.length === 0) await new Promise((resolve) => setImmediate(resolve));
    clock.tick(4_999);
    let settled = false;
    void pending.then(
      () => (settled = true),
      () => (settled = true),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).to.equal(false);
    clock.tick(1);
    const error = await rejectionOf(pending);
    expect(error).to.be.instanceOf(ExchangeTimeoutError);
    expect(error).to.include({ code: 'ETIMEDOUT', message: 'no complete answer within 5000 ms' });
  });

  it('sends nothing when the deadline passes before the request left', async () => {
    const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const started = loopback((_req, res) => res.end('{}'));
    server = started.server;
    const port = await started.ready;
    const pending = exchange(request(port, { timeoutMs: 5_000 }));
    // the clock passes the deadline before the connection is even open
    clock.tick(5_000);
    const error = await rejectionOf(pending);
    expect(error).to.be.instanceOf(ExchangeTimeoutError);
    clock.restore();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(started.seen).to.have.length(0);
  });

  it("passes node's own error through for a refused connection", async () => {
    const started = loopback(() => undefined);
    const port = await started.ready;
    await stop(started.server);
    const error = await rejectionOf(exchange(request(port)));
    expect((error as Error & { code?: string }).code).to.equal('ECONNREFUSED');
  });
});

describe('GraphClient on a graphApiUrl with a path (a gateway in front of Graph)', () => {
  before(() => nock.restore());
  after(() => nock.activate());

  it('keeps the path of graphApiUrl in front of the version', async () => {
    const graph = loopback((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ recipient_id: PSID, message_id: 'm_gateway' }));
    });
    const port = await graph.ready;
    const client = new GraphClient({
      appSecret: APP_SECRET,
      accessToken: PAGE_TOKEN,
      graphApiUrl: `http://127.0.0.1:${port}/meta/graph/`,
    });
    try {
      const sent = await client.sendMessage(PAGE_ID, { recipient: { id: PSID }, message: { text: 'hi' } });
      expect(sent.messageId).to.equal('m_gateway');
      expect(graph.seen[0]?.url).to.equal(`/meta/graph/v27.0/me/messages?appsecret_proof=${PAGE_PROOF}`);
    } finally {
      client.close();
      await stop(graph.server);
    }
  });
});

describe('GraphClient query strings on the direct path', () => {
  before(() => nock.restore());
  after(() => nock.activate());

  it('puts the call query first, URL-encoded, then appsecret_proof; the proof alone when there is none', async () => {
    const graph = loopback((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ id: PAGE_ID }));
    });
    const port = await graph.ready;
    const client = new GraphClient({ appSecret: APP_SECRET, accessToken: PAGE_TOKEN, graphApiUrl: `http://127.0.0.1:${port}` });
    try {
      await client.raw(PAGE_ID, 'GET', '/me', { query: { fields: 'first_name,last_name', 'a b': 'c&d' } });
      await client.raw(PAGE_ID, 'GET', '/me');
      await client.raw(PAGE_ID, 'GET', '/me', { query: {} });
      expect(graph.seen.map((seen) => seen.url)).to.deep.equal([
        `/v27.0/me?fields=first_name%2Clast_name&a+b=c%26d&appsecret_proof=${PAGE_PROOF}`,
        `/v27.0/me?appsecret_proof=${PAGE_PROOF}`,
        `/v27.0/me?appsecret_proof=${PAGE_PROOF}`,
      ]);
      expect(graph.seen[0]?.headers).to.include({
        accept: 'application/json',
        'user-agent': 'botbuilder-adapter-messenger',
        authorization: `Bearer ${PAGE_TOKEN}`,
      });
      expect(graph.seen[0]?.headers).not.to.have.property('content-type');
    } finally {
      client.close();
      await stop(graph.server);
    }
  });
});

describe('GraphClient behind a proxy from the environment', () => {
  const saved = { ...process.env };
  let proxy: http.Server | undefined;

  before(() => nock.restore());
  after(() => nock.activate());
  afterEach(async () => {
    for (const key of ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    if (proxy !== undefined) await stop(proxy);
    proxy = undefined;
  });

  it('goes through the proxy that HTTP_PROXY names, as axios does', async () => {
    const started = loopback((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ recipient_id: PSID, message_id: 'm_proxied' }));
    });
    proxy = started.server;
    delete process.env.NO_PROXY;
    delete process.env.no_proxy;
    process.env.HTTP_PROXY = `http://127.0.0.1:${await started.ready}`;
    const client = new GraphClient({
      appSecret: APP_SECRET,
      accessToken: PAGE_TOKEN,
      graphApiUrl: 'http://graph.internal.example',
    });
    try {
      const sent = await client.sendMessage(PAGE_ID, { recipient: { id: PSID }, message: { text: 'hi' } });
      expect(sent.messageId).to.equal('m_proxied');
      expect(started.seen).to.have.length(1);
      // a forward proxy gets the absolute URL
      expect(started.seen[0]?.url).to.equal(
        `http://graph.internal.example/v27.0/me/messages?appsecret_proof=${PAGE_PROOF}`,
      );
      expect(started.seen[0]?.headers.authorization).to.equal(`Bearer ${PAGE_TOKEN}`);
    } finally {
      client.close();
    }
  });

  it('goes direct when NO_PROXY excludes the Graph host', async () => {
    const graph = loopback((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ recipient_id: PSID, message_id: 'm_direct' }));
    });
    proxy = graph.server;
    const port = await graph.ready;
    process.env.HTTP_PROXY = 'http://127.0.0.1:1';
    process.env.NO_PROXY = '127.0.0.1';
    const client = new GraphClient({ appSecret: APP_SECRET, accessToken: PAGE_TOKEN, graphApiUrl: `http://127.0.0.1:${port}` });
    try {
      const sent = await client.sendMessage(PAGE_ID, { recipient: { id: PSID }, message: { text: 'hi' } });
      expect(sent.messageId).to.equal('m_direct');
      expect(graph.seen[0]?.url).to.equal(`/v27.0/me/messages?appsecret_proof=${PAGE_PROOF}`);
    } finally {
      client.close();
    }
  });

  it('maps a proxy that refuses the connection to NETWORK_ERROR', async () => {
    const closed = loopback(() => undefined);
    const port = await closed.ready;
    await stop(closed.server);
    process.env.HTTP_PROXY = `http://127.0.0.1:${port}`;
    delete process.env.NO_PROXY;
    delete process.env.no_proxy;
    const client = new GraphClient({
      appSecret: APP_SECRET,
      accessToken: PAGE_TOKEN,
      graphApiUrl: 'http://graph.internal.example',
      maxRetries: 0,
    });
    try {
      const error = await rejectionOf(client.sendMessage(PAGE_ID, { recipient: { id: PSID }, message: { text: 'hi' } }));
      expect(MessengerError.is(error, 'NETWORK_ERROR')).to.equal(true);
      expect((error as MessengerError).details).to.include({ errorCode: 'ECONNREFUSED', maybeSent: false });
    } finally {
      client.close();
    }
  });
});

import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import nock from 'nock';
import sinon from 'sinon';
import { MessengerError } from '../../adapter/errors';
import { GraphClient } from '../../adapter/graph/graphClient';
import { nodeHttpIntercepted } from '../../adapter/graph/httpInterception';
import { UndiciExchange } from '../../adapter/graph/undiciExchange';
import { MessengerAdapter } from '../../adapter';
import { APP_SECRET, PAGE_ID, PSID, PAGE_TOKEN } from './helpers';

const SEND = { recipient: { id: PSID }, message: { text: 'hi' } };

/** A loopback Graph that answers every send, counting what reached it. */
async function loopbackGraph(): Promise<{ url: string; reached: () => number; stop: () => Promise<void> }> {
  let reached = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      reached++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ recipient_id: PSID, message_id: `m_loopback_${reached}` }));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    reached: () => reached,
    stop: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** Runs `body` with a GraphClient on a fresh loopback Graph, and closes both after it. */
async function withLoopbackClient(
  options: { httpClient?: 'auto' | 'undici' | 'node' },
  body: (client: GraphClient, graph: { url: string; reached: () => number }) => Promise<void>,
): Promise<void> {
  const graph = await loopbackGraph();
  const client = new GraphClient({ appSecret: APP_SECRET, accessToken: PAGE_TOKEN, graphApiUrl: graph.url, ...options });
  try {
    await body(client, graph);
  } finally {
    client.close();
    await graph.stop();
  }
}

describe('Which HTTP client makes the Graph calls (httpClient)', () => {
  afterEach(() => {
    sinon.restore();
    nock.cleanAll();
    if (!nock.isActive()) nock.activate();
  });

  it("sees nock's interception, and its end", () => {
    expect(nodeHttpIntercepted('https:')).to.equal(true);
    expect(nodeHttpIntercepted('http:')).to.equal(true);
    nock.restore();
    expect(nodeHttpIntercepted('https:')).to.equal(false);
    expect(nodeHttpIntercepted('http:')).to.equal(false);
  });

  it('sees a test double put in place of http.request', () => {
    nock.restore();
    // node's own function is noted when first seen without nock's Proxy
    expect(nodeHttpIntercepted('http:')).to.equal(false);
    sinon.stub(http, 'request');
    expect(nodeHttpIntercepted('http:')).to.equal(true);
    expect(nodeHttpIntercepted('https:')).to.equal(false);
  });

  it("'auto' (the default) sends through node's client while nock intercepts it, so the mock answers", async () => {
    const undici = sinon.spy(UndiciExchange.prototype, 'exchange');
    const scope = nock('https://graph.facebook.com')
      .post('/v27.0/me/messages', SEND)
      .query(true)
      .reply(200, { recipient_id: PSID, message_id: 'm_from_nock' });
    const client = new GraphClient({ appSecret: APP_SECRET, accessToken: PAGE_TOKEN });
    try {
      expect((await client.sendMessage(PAGE_ID, SEND)).messageId).to.equal('m_from_nock');
      expect(scope.isDone()).to.equal(true);
      expect(undici.called).to.equal(false);
    } finally {
      client.close();
    }
  });

  it("'auto' keeps nock.disableNetConnect() in force: an unmocked host is refused, not called", async () => {
    const client = new GraphClient({ appSecret: APP_SECRET, accessToken: PAGE_TOKEN, maxRetries: 0 });
    try {
      const error = await client.sendMessage(PAGE_ID, SEND).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(MessengerError.is(error, 'NETWORK_ERROR')).to.equal(true);
      expect((error as MessengerError).details).to.include({ errorCode: 'ENETUNREACH' });
    } finally {
      client.close();
    }
  });

  it("'auto' uses undici when nothing intercepts node's client", async () => {
    nock.restore();
    const undici = sinon.spy(UndiciExchange.prototype, 'exchange');
    await withLoopbackClient({}, async (client) => {
      expect((await client.sendMessage(PAGE_ID, SEND)).messageId).to.equal('m_loopback_1');
      expect(undici.callCount).to.equal(1);
    });
  });

  it("'auto' switches per call: node's client once a test double takes http.request", async () => {
    nock.restore();
    const undici = sinon.spy(UndiciExchange.prototype, 'exchange');
    await withLoopbackClient({}, async (client, graph) => {
      await client.sendMessage(PAGE_ID, SEND);
      const nodeRequest = sinon.spy(http, 'request');
      await client.sendMessage(PAGE_ID, SEND);
      expect(undici.callCount).to.equal(1);
      expect(nodeRequest.callCount).to.equal(1);
      expect(graph.reached()).to.equal(2);
    });
  });

  it("'undici' bypasses node's client even while nock intercepts it", async () => {
    await withLoopbackClient({ httpClient: 'undici' }, async (client, graph) => {
      const scope = nock(graph.url).post(/.*/).reply(200, { recipient_id: PSID, message_id: 'm_from_nock' });
      expect((await client.sendMessage(PAGE_ID, SEND)).messageId).to.equal('m_loopback_1');
      expect(scope.isDone()).to.equal(false);
    });
  });

  it("'node' uses node's client when nothing intercepts it", async () => {
    nock.restore();
    const undici = sinon.spy(UndiciExchange.prototype, 'exchange');
    await withLoopbackClient({ httpClient: 'node' }, async (client) => {
      expect((await client.sendMessage(PAGE_ID, SEND)).messageId).to.equal('m_loopback_1');
      expect(undici.called).to.equal(false);
    });
  });

  it('refuses an unknown client, on the GraphClient and on the adapter, without echoing the value', () => {
    const graphError = (() => {
      try {
        new GraphClient({ appSecret: APP_SECRET, accessToken: PAGE_TOKEN, httpClient: 'fetch' as 'node' });
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(MessengerError.is(graphError, 'CONFIG_INVALID')).to.equal(true);
    expect((graphError as Error).message).to.equal(
      "Invalid GraphClient options: httpClient: httpClient must be 'auto', 'undici' or 'node'.",
    );
    expect(
      () =>
        new MessengerAdapter({ appSecret: APP_SECRET, accessToken: PAGE_TOKEN, verifyToken: 'v', graphHttpClient: 'fetch' as 'node' }),
    ).to.throw(MessengerError, "graphHttpClient: graphHttpClient must be 'auto', 'undici' or 'node'");
  });
});

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import express from 'express';
import nock from 'nock';
import { MessengerAdapter } from '../../adapter/messengerAdapter';
import { messengerWebhook } from '../../adapter/webhook/httpHandler';
import { envelope, textEvent, USER_ID } from '../helpers/envelopes';
import { metaJson, sign, TEST_APP_SECRET, TEST_VERIFY_TOKEN } from '../helpers/webhookRequests';

const GRAPH = 'https://graph.test';

describe('express round trip over real HTTP', () => {
  let server: Server;
  let base: string;
  let adapter: MessengerAdapter;
  const texts: string[] = [];

  before(async () => {
    adapter = new MessengerAdapter({
      appSecret: TEST_APP_SECRET,
      verifyToken: TEST_VERIFY_TOKEN,
      accessToken: 'page-token',
      graphApiUrl: GRAPH,
      logger: { error: () => {} },
    });
    const app = express();
    app.use(
      '/api/messages',
      messengerWebhook(adapter, async (context) => {
        texts.push(context.activity.text ?? '');
        await context.sendActivity(`Echo: ${context.activity.text}`);
      }),
    );
    // The rest of the app may parse JSON globally after the webhook: it must not break the webhook.
    app.use(express.json());
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;
  });
  after(async () => {
    await adapter.close();
    await new Promise((resolve) => server.close(resolve));
    nock.cleanAll();
  });

  it('verifies the subscription over GET', async () => {
    const res = await fetch(
      `${base}?hub.mode=subscribe&hub.verify_token=${TEST_VERIFY_TOKEN}&hub.challenge=987654`,
    );
    expect([res.status, await res.text()]).to.deep.equal([200, '987654']);
  });

  it('accepts a signed non-ASCII batch, runs the bot and replies through Graph', async () => {
    const sent: unknown[] = [];
    nock(GRAPH)
      .post('/v25.0/me/messages', (body) => {
        sent.push(body);
        return true;
      })
      .query(true)
      .reply(200, { recipient_id: USER_ID, message_id: 'm_ok' });
    const raw = metaJson(envelope([{ messaging: [textEvent('grüße äöå 👋')] }]));
    expect(raw).to.contain('\\u00fc');
    const res = await fetch(base, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(raw) },
      body: raw,
    });
    expect([res.status, await res.text()]).to.deep.equal([200, 'EVENT_RECEIVED']);
    await adapter.whenIdle();
    expect(texts).to.deep.equal(['grüße äöå 👋']);
    expect(sent).to.deep.equal([
      { recipient: { id: USER_ID }, messaging_type: 'RESPONSE', message: { text: 'Echo: grüße äöå 👋' } },
    ]);
  });

  it('answers 403 to a forged body', async () => {
    const raw = metaJson(envelope([{ messaging: [textEvent('forged')] }]));
    const res = await fetch(base, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(raw, 'attacker') },
      body: raw,
    });
    expect(res.status).to.equal(403);
  });
});

/**
 * Done-when of Instagram Login: an Instagram-Login account end to end against the sandbox, side by side
 * in one adapter with a Facebook Page and its Facebook-Login Instagram account.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ConversationReference, EventFactory, TurnContext } from 'botbuilder';
import { expect } from 'chai';
import express from 'express';
import { MessengerError } from '../../adapter/errors';
import { MessengerAdapter } from '../../adapter/messengerAdapter';
import { MemoryStateStore } from '../../adapter/state/memoryStateStore';
import { messengerWebhook } from '../../adapter/webhook/httpHandler';
import { HandoverMiddleware } from '../../middleware/handover';
import { MessagingWindowMiddleware } from '../../middleware/messagingWindow';
import { HOUR_MS, type Sandbox, startSandbox } from '../../sandbox';
import { metaJson, signatureOf } from '../../sandbox/webhook/serialize';

const APP_SECRET = 'e2e-meta-app-secret';
const IG_APP_SECRET = 'e2e-instagram-app-secret';
const VERIFY_TOKEN = 'e2e-verify';
const APP_ID = '1517776481860111';
const PAGE_ID = '370873143344730';
const PAGE_TOKEN = 'EAAB-page-token';
const FB_IG_ID = '17841400000000001';
const IGL_ID = '17841400000000002';
const IGL_TOKEN = 'IGAA-instagram-login-token';

describe('Instagram Login end to end (sandbox, side by side with a Page and a Facebook-Login IG account)', () => {
  let sandbox: Sandbox;
  let server: Server;
  let adapter: MessengerAdapter;
  const references = new Map<string, Partial<ConversationReference>>();
  const statuses: { state: unknown; message: unknown }[] = [];
  const privateReplyErrors: unknown[] = [];
  let now = Date.UTC(2026, 10, 20, 9, 0, 0);

  const adapterOptions = () => ({
    appSecret: APP_SECRET,
    verifyToken: VERIFY_TOKEN,
    appId: APP_ID,
    getAccessToken: () => PAGE_TOKEN,
    graphApiUrl: sandbox.graphApiUrl,
    instagramLogin: { appSecret: IG_APP_SECRET, accessToken: IGL_TOKEN, graphApiUrl: sandbox.instagramGraphApiUrl },
    logger: { error: () => {}, warn: () => {} },
  });
  const withMiddleware = (a: MessengerAdapter) =>
    a.use(new MessagingWindowMiddleware({ now: () => sandbox.clock.now() })).use(new HandoverMiddleware());

  const logic = async (context: TurnContext) => {
    const { activity } = context;
    if (activity.type === 'event' && activity.name === 'handoff.status') {
      const value = activity.value as { state?: unknown; message?: unknown };
      statuses.push({ state: value.state, message: value.message });
      return;
    }
    if (activity.type === 'event' && activity.name === 'messenger.comment') {
      const change = activity.channelData as { value: { id: string } };
      try {
        await adapter.graph.privateReply(activity.recipient.id, change.value.id, { text: 'Sent you the price by DM.' });
      } catch (error) {
        privateReplyErrors.push(error);
      }
      return;
    }
    if (activity.type !== 'message') return;
    references.set(activity.recipient.id, TurnContext.getConversationReference(activity));
    if (activity.text === 'agent please') {
      await context.sendActivity(EventFactory.createHandoffInitiation(context, { skill: 'sizes' }));
      return;
    }
    await context.sendActivity(`You said: ${activity.text}`);
  };

  before(async () => {
    sandbox = await startSandbox({
      appSecret: APP_SECRET,
      verifyToken: VERIFY_TOKEN,
      appId: APP_ID,
      now: () => now,
      pages: [{ id: PAGE_ID, token: PAGE_TOKEN, instagram: { id: FB_IG_ID } }],
      instagramLogin: { appSecret: IG_APP_SECRET, accounts: [{ id: IGL_ID, token: IGL_TOKEN }] },
    });
    adapter = withMiddleware(new MessengerAdapter(adapterOptions()));
    const app = express().use('/api/messages', messengerWebhook(adapter, logic));
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    await sandbox.subscribe(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`);
  });
  after(async () => {
    await adapter.close();
    await sandbox.close();
    await new Promise((resolve) => server.close(resolve));
  });

  const graphCalls = () =>
    sandbox.log.filter((entry) => entry.kind === 'graph').map((entry) => `${entry.method} ${entry.path} ${entry.status}`);

  it('takes a webhook signed with the Instagram secret and replies on the Instagram host with that account token', async () => {
    for (const accountId of [PAGE_ID, FB_IG_ID, IGL_ID]) {
      const user = sandbox.user(undefined, { accountId });
      await user.say('hi');
      expect((await user.nextReply()).text).to.equal('You said: hi');
    }
    await adapter.whenIdle();
    const sends = sandbox
      .sent()
      .map((sent) => [sent.accountId, sent.platform, sent.body.messaging_type, sent.text]);
    expect(sends).to.deep.equal([
      [PAGE_ID, 'messenger', 'RESPONSE', 'You said: hi'],
      [FB_IG_ID, 'instagram', 'RESPONSE', 'You said: hi'],
      [IGL_ID, 'instagram', 'RESPONSE', 'You said: hi'],
    ]);
    expect(graphCalls()).to.include.members(['POST /v27.0/me/messages 200', 'POST /instagram/v27.0/me/messages 200']);
    // learnt from the Instagram-secret signature alone: no `accounts` option was given
    expect(await adapter.graph.isInstagramLoginAccount(IGL_ID)).to.equal(true);
    expect(await adapter.graph.isInstagramLoginAccount(FB_IG_ID)).to.equal(false);
    expect(references.get(IGL_ID)?.serviceUrl).to.equal(sandbox.instagramGraphApiUrl);
  });

  it('sets ice breakers, reads a user profile and shows typing on the Instagram host', async () => {
    const user = sandbox.user(undefined, { accountId: IGL_ID });
    const iceBreakers = [
      { locale: 'default', call_to_actions: [{ question: 'Do you ship abroad?', payload: 'SHIPPING' }] },
    ];
    const before = sandbox.log.length;
    await adapter.graph.setMessengerProfile(IGL_ID, { ice_breakers: iceBreakers });
    expect(await adapter.graph.getMessengerProfile(IGL_ID, ['ice_breakers'])).to.deep.equal({ ice_breakers: iceBreakers });
    const profile = await adapter.graph.getUserProfile(IGL_ID, user.id, ['name', 'username'], 'instagram');
    expect(profile).to.include({ username: 'jordan.rivera' });
    await adapter.continueConversationAsync('', references.get(IGL_ID) ?? {}, async (context) => {
      await context.sendActivity({ type: 'typing' });
    });
    expect(
      sandbox.log
        .slice(before)
        .filter((entry) => entry.kind === 'graph')
        .map((entry) => `${entry.method} ${entry.path} ${entry.status}`),
    ).to.deep.equal([
      'POST /instagram/v27.0/me/messenger_profile 200',
      'GET /instagram/v27.0/me/messenger_profile 200',
      `GET /instagram/v27.0/${user.id} 200`,
      'POST /instagram/v27.0/me/messages 200',
    ]);
  });

  it('refuses a handover for the Instagram-Login account clearly, before any Graph call', async () => {
    const calls = graphCalls().length;
    const user = sandbox.user(undefined, { accountId: IGL_ID });
    const owner = sandbox.threadOwner(user.id);
    await user.say('agent please');
    await adapter.whenIdle();
    expect(statuses).to.have.length(1);
    expect(statuses[0]?.state).to.equal('failed');
    expect(String(statuses[0]?.message)).to.contain('Instagram Login').and.to.contain('Facebook Login');
    expect(graphCalls().slice(calls)).to.deep.equal([]);
    expect(sandbox.threadOwner(user.id)).to.equal(owner);
  });

  it('sends a private reply to a comment through the Instagram host with its token', async () => {
    const before = sandbox.log.length;
    const body = metaJson({
      object: 'instagram',
      entry: [
        {
          id: IGL_ID,
          time: Math.floor(now / 1000),
          changes: [
            {
              field: 'comments',
              value: {
                from: { id: '7190835724411234', username: 'jane.doe' },
                media: { id: '26758809199639055', media_product_type: 'FEED' },
                id: '17858893269000001',
                text: 'price?',
              },
            },
          ],
        },
      ],
    });
    const answer = await fetch(sandbox.webhookUrl ?? '', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signatureOf(IG_APP_SECRET, body) },
      body,
    });
    expect(answer.status).to.equal(200);
    await adapter.whenIdle();
    const call = sandbox.log.slice(before).find((entry) => entry.kind === 'graph');
    expect(call?.path).to.equal('/instagram/v27.0/me/messages');
    expect(call?.request).to.deep.equal({
      body: { recipient: { comment_id: '17858893269000001' }, message: { text: 'Sent you the price by DM.' } },
    });
    // the Instagram host accepted the token (no 190); comment recipients are simulated by the sandbox or refused as unsimulated
    expect(call?.summary).to.not.contain('(190)');
    expect(privateReplyErrors.every((error) => MessengerError.is(error) && error.code !== 'AUTH_FAILED')).to.equal(true);
  });

  it('sends a proactive message from a stored reference in a fresh adapter', async () => {
    const stored = JSON.parse(JSON.stringify(references.get(IGL_ID))) as Partial<ConversationReference>;
    const fresh = withMiddleware(new MessengerAdapter({ ...adapterOptions(), store: new MemoryStateStore() }));
    try {
      await fresh.continueConversationAsync('', stored, async (context) => {
        await context.sendActivity('Your order has shipped.');
      });
    } finally {
      await fresh.close();
    }
    const last = sandbox.sent().at(-1);
    expect([last?.accountId, last?.body]).to.deep.equal([
      IGL_ID,
      { recipient: { id: sandbox.user(undefined, { accountId: IGL_ID }).id }, messaging_type: 'UPDATE', message: { text: 'Your order has shipped.' } },
    ]);
  });

  it('refuses a bot message at 25 h locally (window middleware), before any Graph call', async () => {
    const calls = graphCalls().length;
    now += 25 * HOUR_MS;
    let refusal: unknown;
    try {
      await adapter.continueConversationAsync('', references.get(IGL_ID) ?? {}, async (context) => {
        await context.sendActivity('Still interested?');
      });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).to.be.instanceOf(MessengerError).with.property('code', 'MESSAGING_WINDOW_CLOSED');
    expect(graphCalls().slice(calls)).to.deep.equal([]);
  });

  it('answers as Meta does when a token is sent to the other host (190, cannot parse)', async () => {
    const post = (base: string, token: string) =>
      fetch(`${base}/v27.0/me/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ recipient: { id: '1' }, message: { text: 'x' } }),
      }).then(async (res) => [res.status, ((await res.json()) as { error: { code: number; message: string } }).error]);
    for (const [base, token] of [
      [sandbox.instagramGraphApiUrl, PAGE_TOKEN],
      [sandbox.graphApiUrl, IGL_TOKEN],
    ] as const) {
      const [status, error] = await post(base, token);
      expect(status).to.equal(400);
      expect(error).to.include({ code: 190, message: 'Invalid OAuth access token - Cannot parse access token' });
    }
    const upload = await fetch(`${sandbox.instagramGraphApiUrl}/v27.0/me/message_attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${IGL_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ message: { attachment: { type: 'image', payload: { url: 'https://x.example/a.jpg' } } } }),
    });
    expect(upload.status).to.equal(400);
    expect(((await upload.json()) as { error: { code: number } }).error.code).to.equal(2500);
  });
});

import { type ConversationReference, TurnContext } from 'botbuilder';
import { expect } from 'chai';
import nock from 'nock';
import { MessengerError } from '../../adapter/errors';
import { MessengerAdapter } from '../../adapter/messengerAdapter';
import { MemoryStateStore } from '../../adapter/state/memoryStateStore';
import { loadFixture } from '../fixtures';
import { envelope, IG_ACCOUNT_ID, IG_USER_ID, PAGE_ID, textEvent, USER_ID } from '../helpers/envelopes';
import { fakeResponse, signedPost, TEST_APP_SECRET } from '../helpers/webhookRequests';
import {
  FB_HOST,
  IG_APP_SECRET,
  IG_HOST,
  IGL_TOKEN,
  PAGE_TOKEN,
  recordBothHosts,
  type SeenRequest,
  sideBySideAdapter,
} from './helpers';

/** The Instagram-Login account of the `instagram/text` fixture. */
const IGL_ID = '17841400123456789';
const IGL_USER = '7190835724411234';

const newAdapter = sideBySideAdapter;

describe('MessengerAdapter with Instagram Login', () => {
  const adapters: MessengerAdapter[] = [];
  let seen: SeenRequest[];
  const track = (adapter: MessengerAdapter): MessengerAdapter => {
    adapters.push(adapter);
    return adapter;
  };

  beforeEach(() => {
    seen = recordBothHosts();
  });
  afterEach(async () => {
    for (const adapter of adapters.splice(0)) await adapter.close();
    nock.cleanAll();
  });

  async function post(adapter: MessengerAdapter, raw: string, secret: string, logic: (context: TurnContext) => Promise<void>) {
    const { req } = signedPost(raw, secret);
    const res = fakeResponse();
    await adapter.process(req, res, logic);
    await adapter.whenIdle();
    return res;
  }

  it('accepts a POST signed with the Instagram app secret and replies on the Instagram host with its token', async () => {
    const adapter = track(newAdapter());
    let reference: Partial<ConversationReference> | undefined;
    const res = await post(adapter, loadFixture('instagram/text').raw, IG_APP_SECRET, async (context) => {
      reference = TurnContext.getConversationReference(context.activity);
      await context.sendActivity('We ship to Austria.');
    });
    expect(res.statusCode).to.equal(200);
    expect(reference).to.deep.include({ channelId: 'instagram', serviceUrl: IG_HOST });
    expect(seen).to.deep.equal([
      {
        host: IG_HOST,
        method: 'POST',
        path: '/v27.0/me/messages',
        authorization: `Bearer ${IGL_TOKEN}`,
        body: { recipient: { id: IGL_USER }, messaging_type: 'RESPONSE', message: { text: 'We ship to Austria.' } },
      },
    ]);
  });

  it('refuses a POST signed with neither secret, as before', async () => {
    const adapter = track(newAdapter());
    let turns = 0;
    const res = await post(adapter, loadFixture('instagram/text').raw, 'some-other-secret', async () => {
      turns += 1;
    });
    expect(res.statusCode).to.equal(403);
    expect(res.body).to.contain('neither appSecret nor instagramLogin.appSecret');
    expect(turns).to.equal(0);
    expect(seen).to.deep.equal([]);
  });

  it('keeps a Page and a Facebook-Login Instagram account (app secret) on graph.facebook.com', async () => {
    const adapter = track(newAdapter());
    const serviceUrls: (string | undefined)[] = [];
    const reply = async (context: TurnContext) => {
      serviceUrls.push(context.activity.serviceUrl);
      await context.sendActivity('ok');
    };
    await post(adapter, JSON.stringify(envelope([{ messaging: [textEvent('hi')] }])), TEST_APP_SECRET, reply);
    const igEvent = textEvent('hi', { userId: IG_USER_ID, pageId: IG_ACCOUNT_ID });
    await post(adapter, JSON.stringify(envelope([{ id: IG_ACCOUNT_ID, messaging: [igEvent] }], 'instagram')), TEST_APP_SECRET, reply);
    expect(seen.map((s) => [s.host, s.authorization, (s.body as { recipient: { id: string } }).recipient.id])).to.deep.equal([
      [FB_HOST, `Bearer ${PAGE_TOKEN}`, USER_ID],
      [FB_HOST, `Bearer ${PAGE_TOKEN}`, IG_USER_ID],
    ]);
    expect(serviceUrls).to.deep.equal([FB_HOST, FB_HOST]);
    expect(PAGE_ID).to.not.equal(IG_ACCOUNT_ID);
  });

  it('sends a proactive message from a stored reference in a fresh process (new adapter, new store)', async () => {
    const first = track(newAdapter());
    let reference: Partial<ConversationReference> | undefined;
    await post(first, loadFixture('instagram/text').raw, IG_APP_SECRET, async (context) => {
      reference = JSON.parse(JSON.stringify(TurnContext.getConversationReference(context.activity)));
    });
    const fresh = track(newAdapter({ store: new MemoryStateStore() }));
    await fresh.continueConversationAsync('', reference ?? {}, async (context) => {
      await context.sendActivity('Your parcel left the warehouse.');
    });
    expect(seen).to.deep.equal([
      {
        host: IG_HOST,
        method: 'POST',
        path: '/v27.0/me/messages',
        authorization: `Bearer ${IGL_TOKEN}`,
        body: { recipient: { id: IGL_USER }, messaging_type: 'UPDATE', message: { text: 'Your parcel left the warehouse.' } },
      },
    ]);
    expect(await fresh.graph.isInstagramLoginAccount(IGL_ID)).to.equal(true);
  });

  it('shares an account learnt from a webhook with another instance through the store', async () => {
    const store = new MemoryStateStore();
    const first = track(newAdapter({ store }));
    await post(first, loadFixture('instagram/text').raw, IG_APP_SECRET, async () => {});
    const second = track(newAdapter({ store }));
    await second.graph.sendMessage(IGL_ID, { recipient: { id: IGL_USER }, message: { text: 'hello' } });
    expect(seen.map((s) => s.host)).to.deep.equal([IG_HOST]);
    store.close();
  });

  it('routes an account signed with the Meta app secret by configuration (accounts)', async () => {
    const adapter = track(
      newAdapter({ instagramLogin: { appSecret: IG_APP_SECRET, accessToken: IGL_TOKEN, accounts: [IGL_ID] } }),
    );
    let serviceUrl: string | undefined;
    await post(adapter, loadFixture('instagram/text').raw, TEST_APP_SECRET, async (context) => {
      serviceUrl = context.activity.serviceUrl;
      await context.sendActivity('ok');
    });
    expect(serviceUrl).to.equal(IG_HOST);
    expect(seen.map((s) => s.host)).to.deep.equal([IG_HOST]);
  });

  it('serves Instagram Login alone (no Page token): every account uses it', async () => {
    const adapter = track(
      newAdapter({ accessToken: undefined, instagramLogin: { appSecret: IG_APP_SECRET, getAccessToken: () => IGL_TOKEN } }),
    );
    await post(adapter, loadFixture('instagram/text').raw, TEST_APP_SECRET, async (context) => {
      await context.sendActivity('ok');
    });
    expect(seen.map((s) => [s.host, s.authorization])).to.deep.equal([[IG_HOST, `Bearer ${IGL_TOKEN}`]]);
  });

  it('rejects wrong options with CONFIG_INVALID naming instagramLogin', () => {
    const attempt = (instagramLogin: unknown) => () => newAdapter({ instagramLogin: instagramLogin as never });
    expect(attempt({ accessToken: IGL_TOKEN })).to.throw(MessengerError, 'instagramLogin.appSecret');
    expect(attempt({ appSecret: IG_APP_SECRET })).to.throw(MessengerError, 'instagramLogin.accessToken');
    expect(attempt({ appSecret: IG_APP_SECRET, accessToken: IGL_TOKEN, graphApiUrl: 'nope' })).to.throw(
      MessengerError,
      'instagramLogin.graphApiUrl',
    );
    expect(() => newAdapter({ accessToken: undefined, instagramLogin: undefined })).to.throw(
      MessengerError,
      'or instagramLogin',
    );
  });
});

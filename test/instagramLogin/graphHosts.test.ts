import { expect } from 'chai';
import nock from 'nock';
import { MessengerError } from '../../adapter/errors';
import type { GraphClient } from '../../adapter/graph/graphClient';
import type { SendApiBody } from '../../adapter/sendPipeline';
import { MemoryStateStore } from '../../adapter/state/memoryStateStore';
import {
  APP_SECRET,
  FB_HOST,
  FB_IG_ID,
  IG_APP_SECRET,
  IG_HOST,
  IGL_ID,
  IGL_TOKEN,
  IGSID,
  PAGE_ID,
  PAGE_TOKEN,
  PSID,
  proof,
  recordBothHosts,
  type SeenRequest,
  sideBySideClient,
} from './helpers';

const PAGE_PROOF = proof(APP_SECRET, PAGE_TOKEN);

async function notSupported(call: Promise<unknown>): Promise<MessengerError> {
  try {
    await call;
  } catch (error) {
    expect(error).to.be.instanceOf(MessengerError);
    expect((error as MessengerError).code).to.equal('NOT_SUPPORTED');
    return error as MessengerError;
  }
  throw new Error('expected NOT_SUPPORTED');
}

describe('Instagram Login: Graph calls go to the account host with its token', () => {
  let client: GraphClient;
  let seen: SeenRequest[];

  beforeEach(() => {
    seen = recordBothHosts();
    client = sideBySideClient();
  });
  afterEach(() => {
    client.close();
    nock.cleanAll();
  });

  const igl = (path: string, body: unknown, method = 'POST'): SeenRequest => ({
    host: IG_HOST,
    method,
    path,
    authorization: `Bearer ${IGL_TOKEN}`,
    body,
  });
  const page = (path: string, body: unknown, method = 'POST'): SeenRequest => ({
    host: FB_HOST,
    method,
    path,
    authorization: `Bearer ${PAGE_TOKEN}`,
    body,
  });

  it('sends the same text body to each host: Page token + appsecret_proof on Facebook, Instagram token only on Instagram', async () => {
    const text = (id: string) => ({ recipient: { id }, messaging_type: 'RESPONSE' as const, message: { text: 'Hi!' } });
    await client.sendMessage(PAGE_ID, text(PSID));
    await client.sendMessage(FB_IG_ID, text(IGSID));
    await client.sendMessage(IGL_ID, text(IGSID));
    expect(seen).to.deep.equal([
      page(`/v27.0/me/messages?appsecret_proof=${PAGE_PROOF}`, text(PSID)),
      page(`/v27.0/me/messages?appsecret_proof=${PAGE_PROOF}`, text(IGSID)),
      igl('/v27.0/me/messages', text(IGSID)),
    ]);
  });

  it('sends quick replies, a generic template, media by URL, a reaction and a private reply to the Instagram host', async () => {
    const bodies: SendApiBody[] = [
      {
        recipient: { id: IGSID },
        messaging_type: 'RESPONSE' as const,
        message: {
          text: 'Size?',
          quick_replies: [{ content_type: 'text', title: 'M', payload: 'SIZE_M' }],
        },
      },
      {
        recipient: { id: IGSID },
        messaging_type: 'RESPONSE' as const,
        message: {
          attachment: {
            type: 'template',
            payload: {
              template_type: 'generic',
              elements: [
                {
                  title: 'Linen shirt',
                  image_url: 'https://shop.example/shirt.jpg',
                  buttons: [{ type: 'postback', title: 'Buy', payload: 'BUY_1' }],
                },
              ],
            },
          },
        },
      },
      {
        recipient: { id: IGSID },
        messaging_type: 'RESPONSE' as const,
        message: { attachment: { type: 'image', payload: { url: 'https://shop.example/shirt.jpg' } } },
      },
      {
        recipient: { id: IGSID },
        sender_action: 'react',
        payload: { message_id: 'aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAw', reaction: 'love' },
      },
    ];
    for (const body of bodies) await client.sendMessage(IGL_ID, body);
    await client.privateReply(IGL_ID, '17858893269000001', { text: 'Thanks for your comment!' });
    expect(seen).to.deep.equal([
      ...bodies.map((body) => igl('/v27.0/me/messages', body)),
      igl('/v27.0/me/messages', {
        recipient: { comment_id: '17858893269000001' },
        message: { text: 'Thanks for your comment!' },
      }),
    ]);
  });

  it('sends typing and mark_seen to the Instagram host', async () => {
    await client.senderAction(IGL_ID, IGSID, 'typing_on');
    await client.senderAction(IGL_ID, IGSID, 'mark_seen');
    expect(seen).to.deep.equal([
      igl('/v27.0/me/messages', { recipient: { id: IGSID }, sender_action: 'typing_on' }),
      igl('/v27.0/me/messages', { recipient: { id: IGSID }, sender_action: 'mark_seen' }),
    ]);
  });

  it('reads a user profile and sets ice breakers on the Instagram host (platform=instagram)', async () => {
    nock.cleanAll();
    seen = recordBothHosts((request) =>
      request.path.includes('messenger_profile')
        ? request.method === 'GET'
          ? { data: [] }
          : { result: 'success' }
        : { name: 'Jordan Rivera', username: 'jordan.rivera', id: IGSID },
    );
    await client.getUserProfile(IGL_ID, IGSID, ['name', 'username'], 'instagram');
    const iceBreakers = [
      {
        locale: 'default',
        call_to_actions: [{ question: 'Where is my order?', payload: 'ORDER_STATUS' }],
      },
    ];
    await client.setMessengerProfile(IGL_ID, { ice_breakers: iceBreakers });
    await client.getMessengerProfile(IGL_ID, ['ice_breakers'], 'instagram');
    expect(seen).to.deep.equal([
      igl(`/v27.0/${IGSID}?fields=name%2Cusername`, undefined, 'GET'),
      igl('/v27.0/me/messenger_profile?platform=instagram', { ice_breakers: iceBreakers }),
      igl('/v27.0/me/messenger_profile?fields=ice_breakers&platform=instagram', undefined, 'GET'),
    ]);
  });

  it('refuses attachment upload before any call, naming media by URL instead', async () => {
    const error = await notSupported(
      client.uploadAttachment(IGL_ID, { type: 'image', url: 'https://shop.example/shirt.jpg' }),
    );
    expect(error.message).to.contain('graph.facebook.com').and.to.contain('payload: { url }');
    expect(seen).to.deep.equal([]);
  });

  it('refuses every thread-control call before any call, naming Facebook Login instead', async () => {
    const calls = [
      client.passThreadControl(IGL_ID, IGSID, '1217981644879628'),
      client.takeThreadControl(IGL_ID, IGSID),
      client.requestThreadControl(IGL_ID, IGSID),
      client.releaseThreadControl(IGL_ID, IGSID),
      client.extendThreadControl(IGL_ID, IGSID, 3600),
      client.getThreadOwner(IGL_ID, IGSID),
    ];
    for (const call of calls) {
      const error = await notSupported(call);
      expect(error.message).to.contain('Facebook Login').and.to.contain(IGL_ID);
    }
    expect(seen).to.deep.equal([]);
  });

  it('still uploads and hands over for the Facebook-Login Instagram account', async () => {
    seen.length = 0;
    nock.cleanAll();
    seen = recordBothHosts(() => ({ attachment_id: '1857777774821032', success: true }));
    await client.uploadAttachment(FB_IG_ID, { type: 'image', url: 'https://shop.example/shirt.jpg' });
    await client.passThreadControl(FB_IG_ID, IGSID, '1217981644879628');
    expect(seen.map((s) => `${s.host} ${s.path} ${s.authorization}`)).to.deep.equal([
      `${FB_HOST} /v27.0/me/message_attachments?appsecret_proof=${PAGE_PROOF} Bearer ${PAGE_TOKEN}`,
      `${FB_HOST} /v27.0/me/pass_thread_control?appsecret_proof=${PAGE_PROOF} Bearer ${PAGE_TOKEN}`,
    ]);
  });
});

describe('Instagram Login: which accounts use it', () => {
  let seen: SeenRequest[];
  const clients: GraphClient[] = [];
  const track = (client: GraphClient): GraphClient => {
    clients.push(client);
    return client;
  };

  beforeEach(() => {
    seen = recordBothHosts();
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
    nock.cleanAll();
  });

  const send = (client: GraphClient, accountId: string) =>
    client.sendMessage(accountId, { recipient: { id: IGSID }, message: { text: 'Hi' } });

  it('uses Instagram Login for every account when no Page token is configured', async () => {
    const tokens: string[] = [];
    const client = track(
      sideBySideClient({
        getAccessToken: undefined,
        instagramLogin: {
          appSecret: IG_APP_SECRET,
          getAccessToken: (id) => {
            tokens.push(id);
            return `IGAA-token-${id}`;
          },
        },
      }),
    );
    await send(client, '17841400000000009');
    expect(tokens).to.deep.equal(['17841400000000009']);
    expect(seen.map((s) => [s.host, s.authorization])).to.deep.equal([
      [IG_HOST, 'Bearer IGAA-token-17841400000000009'],
    ]);
  });

  it('asks isInstagramLoginAccount for accounts not listed', async () => {
    const asked: string[] = [];
    const client = track(
      sideBySideClient({
        instagramLogin: {
          appSecret: IG_APP_SECRET,
          accessToken: IGL_TOKEN,
          isInstagramLoginAccount: (id) => {
            asked.push(id);
            return id === IGL_ID;
          },
        },
      }),
    );
    await send(client, IGL_ID);
    await send(client, FB_IG_ID);
    expect(asked).to.deep.equal([IGL_ID, FB_IG_ID]);
    expect(seen.map((s) => s.host)).to.deep.equal([IG_HOST, FB_HOST]);
  });

  it('shares a remembered account with another instance through the store', async () => {
    const store = new MemoryStateStore();
    const options = { instagramLogin: { appSecret: IG_APP_SECRET, accessToken: IGL_TOKEN }, store };
    const first = track(sideBySideClient(options));
    const second = track(sideBySideClient(options));
    expect(await second.isInstagramLoginAccount(IGL_ID)).to.equal(false);
    await first.rememberInstagramLoginAccount(IGL_ID);
    const third = track(sideBySideClient(options));
    await send(third, IGL_ID);
    expect(seen.map((s) => s.host)).to.deep.equal([IG_HOST]);
    store.close();
  });

  it('signs appsecret_proof with the Instagram app secret only when asked', async () => {
    const client = track(
      sideBySideClient({
        instagramLogin: { appSecret: IG_APP_SECRET, accessToken: IGL_TOKEN, accounts: [IGL_ID], appSecretProof: true },
      }),
    );
    await send(client, IGL_ID);
    expect(seen.map((s) => s.path)).to.deep.equal([`/v27.0/me/messages?appsecret_proof=${proof(IG_APP_SECRET, IGL_TOKEN)}`]);
  });

  it('rejects wrong instagramLogin options with CONFIG_INVALID naming the option', () => {
    const cases: [unknown, string][] = [
      [{ accessToken: IGL_TOKEN }, 'instagramLogin.appSecret'],
      [{ appSecret: IG_APP_SECRET }, 'instagramLogin.accessToken'],
      [{ appSecret: IG_APP_SECRET, accessToken: IGL_TOKEN, getAccessToken: () => 'x' }, 'not both'],
      [{ appSecret: IG_APP_SECRET, accessToken: IGL_TOKEN, graphApiUrl: 'graph.instagram.com' }, 'graphApiUrl'],
      [{ appSecret: IG_APP_SECRET, accessToken: IGL_TOKEN, accounts: ['me'] }, 'accounts'],
    ];
    for (const [instagramLogin, expected] of cases) {
      expect(() => sideBySideClient({ instagramLogin: instagramLogin as never }))
        .to.throw(MessengerError)
        .with.property('message')
        .that.contains(expected);
    }
  });
});

import { type ConversationReference, TurnContext } from 'botbuilder';
import { expect } from 'chai';
import nock from 'nock';
import type { MessengerError } from '../../adapter/errors';
import { MessengerAdapter } from '../../adapter/messengerAdapter';
import { getMessengerTurnInfo } from '../../adapter/turnInfo';
import { envelope, IG_ACCOUNT_ID, IG_USER_ID, PAGE_ID, textEvent, USER_ID } from '../helpers/envelopes';
import { fakeResponse, signedPost, TEST_APP_SECRET, TEST_VERIFY_TOKEN } from '../helpers/webhookRequests';

const GRAPH = 'https://graph.test';

function captureSends(count: number): unknown[] {
  const sent: unknown[] = [];
  nock(GRAPH)
    .post('/v27.0/me/messages', (body) => {
      sent.push(body);
      return true;
    })
    .query(true)
    .times(count)
    .reply(200, () => ({ recipient_id: USER_ID, message_id: `m_${sent.length}` }));
  return sent;
}

describe('MessengerAdapter proactive messages and send shapes', () => {
  let adapter: MessengerAdapter;
  let reference: Partial<ConversationReference>;

  beforeEach(async () => {
    adapter = new MessengerAdapter({
      appSecret: TEST_APP_SECRET,
      verifyToken: TEST_VERIFY_TOKEN,
      accessToken: 'page-token',
      graphApiUrl: GRAPH,
      logger: { error: () => {} },
    });
    const { req } = signedPost(envelope([{ messaging: [textEvent('remember me')] }]));
    await adapter.process(req, fakeResponse(), async (context) => {
      reference = TurnContext.getConversationReference(context.activity);
    });
    await adapter.whenIdle();
  });
  afterEach(async () => {
    await adapter.close();
    nock.cleanAll();
  });

  it('stores a reference that names the user, the Page and the conversation', () => {
    expect(reference).to.deep.include({
      channelId: 'facebook',
      conversation: { id: `${USER_ID}-${PAGE_ID}` },
    });
    expect(reference.user?.id).to.equal(USER_ID);
    expect(reference.bot?.id).to.equal(PAGE_ID);
  });

  for (const [name, call] of [
    [
      'continueConversation(reference, logic)',
      (a: MessengerAdapter, r: Partial<ConversationReference>, l: (c: TurnContext) => Promise<void>) =>
        a.continueConversation(r, l),
    ],
    [
      'continueConversationAsync(appId, reference, logic)',
      (a: MessengerAdapter, r: Partial<ConversationReference>, l: (c: TurnContext) => Promise<void>) =>
        a.continueConversationAsync('', r, l),
    ],
    [
      'continueConversationAsync(claims, reference, logic)',
      (a: MessengerAdapter, r: Partial<ConversationReference>, l: (c: TurnContext) => Promise<void>) =>
        a.continueConversationAsync({ isAuthenticated: true, claims: [] } as never, r, l),
    ],
    [
      'continueConversationAsync(claims, reference, audience, logic)',
      (a: MessengerAdapter, r: Partial<ConversationReference>, l: (c: TurnContext) => Promise<void>) =>
        a.continueConversationAsync({ isAuthenticated: true, claims: [] } as never, r, 'aud', l),
    ],
  ] as const) {
    it(`${name} sends an UPDATE to the stored user`, async () => {
      const sent = captureSends(1);
      await call(adapter, reference, async (context) => {
        expect(getMessengerTurnInfo(context)).to.deep.include({
          source: 'proactive',
          userId: USER_ID,
          accountId: PAGE_ID,
        });
        await context.sendActivity('Your order has shipped.');
      });
      expect(sent).to.deep.equal([
        {
          recipient: { id: USER_ID },
          messaging_type: 'UPDATE',
          message: { text: 'Your order has shipped.' },
        },
      ]);
    });
  }

  it('sends typing as a separate sender_action, waits on delay, drops trace', async () => {
    const sent = captureSends(2);
    const started = Date.now();
    await adapter.continueConversationAsync('', reference, async (context) => {
      await context.sendActivities([
        { type: 'typing' },
        { type: 'delay', value: 20 },
        { type: 'trace', name: 'debug', value: { secret: true } },
        { type: 'message', text: 'done' },
      ]);
    });
    expect(Date.now() - started).to.be.at.least(19);
    expect(sent).to.deep.equal([
      { recipient: { id: USER_ID }, sender_action: 'typing_on' },
      { recipient: { id: USER_ID }, messaging_type: 'UPDATE', message: { text: 'done' } },
    ]);
  });

  it('continues an Instagram conversation from a reference', async () => {
    const sent = captureSends(1);
    const igReference: Partial<ConversationReference> = {
      channelId: 'instagram',
      user: { id: IG_USER_ID, name: '' },
      bot: { id: IG_ACCOUNT_ID, name: '' },
      conversation: { id: `${IG_USER_ID}-${IG_ACCOUNT_ID}`, isGroup: false, conversationType: '', name: '' },
      serviceUrl: GRAPH,
    };
    await adapter.continueConversationAsync('', igReference, async (context) => {
      expect(getMessengerTurnInfo(context)?.channelId).to.equal('instagram');
      await context.sendActivity('hi on IG');
    });
    expect(sent).to.deep.equal([
      { recipient: { id: IG_USER_ID }, messaging_type: 'UPDATE', message: { text: 'hi on IG' } },
    ]);
  });

  it('rejects a reference from another channel with CONFIG_INVALID', async () => {
    try {
      await adapter.continueConversationAsync('', { ...reference, channelId: 'msteams' }, async () => {});
      expect.fail('should reject');
    } catch (error) {
      expect((error as MessengerError).code).to.equal('CONFIG_INVALID');
    }
  });

  it('rejects a handoff event when no HandoverMiddleware is installed (never a silent no-op)', async () => {
    try {
      await adapter.continueConversationAsync('', reference, async (context) => {
        await context.sendActivity({ type: 'event', name: 'handoff.initiate', value: {} });
      });
      expect.fail('should reject');
    } catch (error) {
      expect((error as MessengerError).message).to.contain('HandoverMiddleware');
    }
  });

  it('rejects a failed send so it reaches the caller (never swallowed)', async () => {
    nock(GRAPH)
      .post('/v27.0/me/messages')
      .query(true)
      .reply(400, {
        error: {
          message: 'No matching user found',
          type: 'OAuthException',
          code: 100,
          error_subcode: 2018001,
          fbtrace_id: 'AbC',
        },
      });
    try {
      await adapter.continueConversationAsync('', reference, async (context) => {
        await context.sendActivity('hello?');
      });
      expect.fail('should reject');
    } catch (error) {
      expect((error as MessengerError).code).to.equal('RECIPIENT_NOT_FOUND');
    }
  });
});

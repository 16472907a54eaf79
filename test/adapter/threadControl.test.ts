import { type ConversationReference, TurnContext } from 'botbuilder';
import { expect } from 'chai';
import nock from 'nock';
import { MessengerAdapter } from '../../adapter/messengerAdapter';
import { PAGE_INBOX_APP_ID } from '../../adapter/platform';
import { HandoverMiddleware } from '../../middleware/handover';
import { envelope, PAGE_ID, textEvent, USER_ID } from '../helpers/envelopes';
import { fakeResponse, signedPost, TEST_APP_SECRET, TEST_VERIFY_TOKEN } from '../helpers/webhookRequests';

const GRAPH = 'https://graph.test';
const OUR_APP_ID = '1517776481860111';

describe('MessengerAdapter typed thread-control helpers', () => {
  let adapter: MessengerAdapter;
  let reference: Partial<ConversationReference>;
  const events: Array<{ name?: string; value?: unknown }> = [];

  beforeEach(async () => {
    events.length = 0;
    adapter = new MessengerAdapter({
      appSecret: TEST_APP_SECRET,
      verifyToken: TEST_VERIFY_TOKEN,
      accessToken: 'page-token',
      appId: OUR_APP_ID,
      graphApiUrl: GRAPH,
      logger: { error: () => {} },
    });
    adapter.use(new HandoverMiddleware());
    const { req } = signedPost(envelope([{ messaging: [textEvent('hi')] }]));
    await adapter.process(req, fakeResponse(), async (context) => {
      if (context.activity.type === 'message')
        reference = TurnContext.getConversationReference(context.activity);
      else events.push({ name: context.activity.name, value: context.activity.value });
    });
    await adapter.whenIdle();
  });
  afterEach(async () => {
    await adapter.close();
    nock.cleanAll();
  });

  it('passes control to the Page Inbox and tells the bot with one accepted status', async () => {
    const calls: unknown[] = [];
    nock(GRAPH)
      .post('/v27.0/me/pass_thread_control', (body) => {
        calls.push(body);
        return true;
      })
      .query(true)
      .reply(200, { success: true });
    const outcome = await adapter.passThreadControl(reference, undefined, 'billing');
    await adapter.whenIdle();
    expect(calls).to.deep.equal([
      { recipient: { id: USER_ID }, target_app_id: PAGE_INBOX_APP_ID, metadata: 'billing' },
    ]);
    expect(outcome.status).to.equal('accepted');
    expect(events).to.deep.equal([{ name: 'handoff.status', value: { state: 'accepted' } }]);
    expect((await adapter.getThreadControl(reference)).controller).to.equal('app');
    expect(reference.conversation?.id).to.equal(`${USER_ID}-${PAGE_ID}`);
  });

  it('rejects with NOT_THREAD_OWNER when Graph refuses a take, and records the owner', async () => {
    nock(GRAPH)
      .post('/v27.0/me/take_thread_control')
      .query(true)
      .reply(400, {
        error: {
          message: "The action is invalid since it's not the thread owner.",
          type: 'OAuthException',
          code: 100,
          error_subcode: 2534037,
          fbtrace_id: 'Ax1',
        },
      });
    try {
      await adapter.takeThreadControl(reference);
      expect.fail('should reject');
    } catch (error) {
      expect((error as { code: string }).code).to.equal('NOT_THREAD_OWNER');
    }
  });
});

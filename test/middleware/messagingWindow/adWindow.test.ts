/**
 * The longer window after a Click-to-Messenger ad, through the real MessengerAdapter: a signed
 * webhook with `message.referral.source: 'ADS'` in, Graph (nock) out, fake Date.
 */
import { type ConversationReference, TurnContext } from 'botbuilder';
import { expect } from 'chai';
import nock from 'nock';
import sinon from 'sinon';
import { MessengerError } from '../../../adapter/errors';
import { MessengerAdapter } from '../../../adapter/messengerAdapter';
import { DEFAULT_GRAPH_API_VERSION as V } from '../../../adapter/platform';
import { MessagingWindowMiddleware } from '../../../middleware/messagingWindow';
import { envelope } from '../../helpers/envelopes';
import { fakeResponse, signedPost, TEST_APP_SECRET, TEST_VERIFY_TOKEN } from '../../helpers/webhookRequests';
import { DAY, HOUR, PAGE_ID, PSID, T0, WINDOW_REFUSAL_BODY } from './helpers';

const GRAPH = 'https://graph.test';

const adMessage = {
  sender: { id: PSID },
  recipient: { id: PAGE_ID },
  timestamp: T0,
  message: {
    mid: 'm_ad_1',
    text: 'Is this still available?',
    referral: {
      ref: 'adref',
      ad_id: '23843694560100001',
      source: 'ADS',
      type: 'OPEN_THREAD',
      ads_context_data: { ad_title: 'Summer linen', post_id: `${PAGE_ID}_6908454077920009` },
    },
  },
};

describe('MessagingWindowMiddleware: the window after a Click-to-Messenger ad', () => {
  let clock: sinon.SinonFakeTimers;
  let adapter: MessengerAdapter;
  let reference: Partial<ConversationReference>;
  let sent: Array<Record<string, unknown>>;

  async function start(window: MessagingWindowMiddleware): Promise<void> {
    adapter = new MessengerAdapter({
      appSecret: TEST_APP_SECRET,
      verifyToken: TEST_VERIFY_TOKEN,
      accessToken: 'page-token',
      graphApiUrl: GRAPH,
      logger: { error: () => {}, warn: () => {} },
    });
    adapter.use(window);
    const { req } = signedPost(envelope([{ id: PAGE_ID, messaging: [adMessage] }]));
    await adapter.process(req, fakeResponse(), async (context) => {
      reference = TurnContext.getConversationReference(context.activity);
    });
    await adapter.whenIdle();
  }

  async function proactive(text: string): Promise<unknown> {
    return adapter
      .continueConversationAsync('', reference, async (context) => {
        await context.sendActivity(text);
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
  }

  function graphAccepts(): void {
    nock(GRAPH)
      .post(`/${V}/me/messages`, (body) => {
        sent.push(body as Record<string, unknown>);
        return true;
      })
      .query(true)
      .reply(200, { recipient_id: PSID, message_id: 'm_out' });
  }

  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: T0 + 1000, toFake: ['Date'] });
    sent = [];
  });
  afterEach(async () => {
    await adapter.close();
    nock.cleanAll();
    clock.restore();
  });

  it('with adWindow: true the bot may send UPDATE up to 7 days after the ad message, and the state shows it', async () => {
    const window = new MessagingWindowMiddleware({ adWindow: true });
    await start(window);
    clock.tick(3 * DAY);
    graphAccepts();
    expect(await proactive('Your linen shirt is back in stock.')).to.equal(undefined);
    expect(sent).to.deep.equal([
      { recipient: { id: PSID }, messaging_type: 'UPDATE', message: { text: 'Your linen shirt is back in stock.' } },
    ]);
    expect(await window.getWindowState(reference)).to.include({
      status: 'open',
      adWindowEndsAt: T0 + 7 * DAY,
      standardEndsAt: T0 + 7 * DAY,
      changesAt: T0 + 7 * DAY,
      nextStatus: 'closed',
    });
    clock.tick(4 * DAY + HOUR);
    const error = await proactive('Still interested?');
    expect(error).to.be.instanceOf(MessengerError).with.property('code', 'MESSAGING_WINDOW_CLOSED');
    expect(sent).to.have.length(1);
  });

  it('by default the 24-hour window applies and the state has no ad window', async () => {
    const window = new MessagingWindowMiddleware();
    await start(window);
    clock.tick(DAY + HOUR);
    expect(await proactive('Your linen shirt is back in stock.')).to.be.instanceOf(MessengerError);
    const state = await window.getWindowState(reference);
    expect(state.status).to.equal('human-agent-only');
    expect(state.adWindowEndsAt).to.equal(undefined);
  });

  it("Meta's first window refusal ends the ad window: the next send is refused locally", async () => {
    const window = new MessagingWindowMiddleware({ adWindow: true });
    await start(window);
    clock.tick(3 * DAY);
    const refusal = nock(GRAPH)
      .post(`/${V}/me/messages`)
      .query(true)
      .reply(400, WINDOW_REFUSAL_BODY);
    expect(await proactive('Back in stock!')).to.have.property('code', 'MESSAGING_WINDOW_CLOSED');
    expect(refusal.isDone()).to.equal(true);
    expect(await proactive('Back in stock!')).to.have.property('code', 'MESSAGING_WINDOW_CLOSED');
    expect((await window.getWindowState(reference)).adWindowEndsAt).to.equal(undefined);
  });
});

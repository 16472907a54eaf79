/**
 * MessagingWindowMiddleware through the real MessengerAdapter: signed webhooks in, Graph (nock) out.
 */
import { type ConversationReference, TurnContext } from 'botbuilder';
import { expect } from 'chai';
import nock from 'nock';
import sinon from 'sinon';
import { GraphApiError, MessengerError } from '../../../adapter/errors';
import { MessengerAdapter } from '../../../adapter/messengerAdapter';
import { utilityMessage } from '../../../adapter/outbound/utilityTemplate';
import { MessagingWindowMiddleware } from '../../../middleware/messagingWindow';
import { envelope } from '../../helpers/envelopes';
import { fakeResponse, signedPost, TEST_APP_SECRET, TEST_VERIFY_TOKEN } from '../../helpers/webhookRequests';
import { DAY, events, HOUR, PAGE_ID, PSID, T0, WINDOW_REFUSAL_BODY } from './helpers';

const GRAPH = 'https://graph.test';

describe('MessagingWindowMiddleware end to end (MessengerAdapter, signed webhook in, Graph out)', () => {
  let clock: sinon.SinonFakeTimers;
  let adapter: MessengerAdapter;
  let window: MessagingWindowMiddleware;
  let reference: Partial<ConversationReference>;
  let sent: Array<Record<string, unknown>>;

  /** Graph answers the next `times` Send API calls with 200, recording their bodies. */
  function graphAccepts(times: number): void {
    nock(GRAPH)
      .post('/v27.0/me/messages', (body) => {
        sent.push(body as Record<string, unknown>);
        return true;
      })
      .query(true)
      .times(times)
      .reply(200, () => ({ recipient_id: PSID, message_id: `m_out_${sent.length}` }));
  }

  async function webhook(
    event: Record<string, unknown>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const { req } = signedPost(envelope([{ id: PAGE_ID, messaging: [event] }]));
    const res = fakeResponse();
    await adapter.process(req, res, logic);
    await adapter.whenIdle();
    expect(res.statusCode).to.equal(200);
  }

  async function proactive(text: string, channelData?: Record<string, unknown>): Promise<unknown> {
    try {
      await adapter.continueConversationAsync('', reference, async (context) => {
        await context.sendActivity({ type: 'message', text, ...(channelData ? { channelData } : {}) });
      });
      return undefined;
    } catch (error) {
      return error;
    }
  }

  beforeEach(() => {
    // only Date: the adapter's own timers (scheduling, HTTP) run for real
    clock = sinon.useFakeTimers({ now: T0, toFake: ['Date'] });
    sent = [];
    adapter = new MessengerAdapter({
      appSecret: TEST_APP_SECRET,
      verifyToken: TEST_VERIFY_TOKEN,
      accessToken: 'page-token',
      appId: '1517776481860111',
      graphApiUrl: GRAPH,
      logger: { error: () => {}, warn: () => {} },
    });
    window = new MessagingWindowMiddleware();
    adapter.use(window);
  });
  afterEach(async () => {
    await adapter.close();
    nock.cleanAll();
    clock.restore();
  });

  it('replies RESPONSE, refuses a bot past 24 h before Graph, tags a human agent HUMAN_AGENT', async () => {
    graphAccepts(1);
    await webhook(events.text('facebook', T0), async (context) => {
      reference = TurnContext.getConversationReference(context.activity);
      await context.sendActivity('We have it in stock.');
    });
    expect(sent).to.deep.equal([
      { recipient: { id: PSID }, messaging_type: 'RESPONSE', message: { text: 'We have it in stock.' } },
    ]);

    clock.tick(DAY + HOUR);
    // an echo of the Page's own message does not reopen the window
    await webhook(events.echo('facebook', Date.now()), async () => {});
    const refused = await proactive('Still interested?');
    expect(refused).to.be.instanceOf(MessengerError).with.property('code', 'MESSAGING_WINDOW_CLOSED');
    expect((refused as Error).message).to.contain('the user last wrote 1 d 1 h ago');
    expect(sent).to.have.length(1);

    graphAccepts(1);
    expect(await proactive('Hi, Ana from support here.', { humanAgent: true })).to.equal(undefined);
    expect(sent[1]).to.deep.equal({
      recipient: { id: PSID },
      messaging_type: 'MESSAGE_TAG',
      tag: 'HUMAN_AGENT',
      message: { text: 'Hi, Ana from support here.' },
    });
    expect(await window.getWindowState(reference)).to.include({
      status: 'human-agent-only',
      changesAt: T0 + 7 * DAY,
    });
  });

  it('a Graph 10/2018278 becomes MESSAGING_WINDOW_CLOSED and the next message is refused without a Graph call', async () => {
    await webhook(events.text('facebook', T0), async (context) => {
      reference = TurnContext.getConversationReference(context.activity);
    });
    clock.tick(2 * HOUR);
    const refusal = nock(GRAPH)
      .post('/v27.0/me/messages')
      .query(true)
      .reply(400, WINDOW_REFUSAL_BODY);
    const error = await proactive('Your order has shipped.');
    expect(refusal.isDone()).to.equal(true);
    expect(error).to.be.instanceOf(GraphApiError);
    expect(error).to.include({ code: 'MESSAGING_WINDOW_CLOSED', graphCode: 10, graphSubcode: 2018278 });

    const again = await proactive('Your order has shipped.');
    expect(again).to.be.instanceOf(MessengerError).with.property('code', 'MESSAGING_WINDOW_CLOSED');
    expect(again).not.to.be.instanceOf(GraphApiError);
    expect(nock.pendingMocks()).to.deep.equal([]);
  });

  it('a retired tag is TAG_NOT_ALLOWED without a Graph call', async () => {
    await webhook(events.text('facebook', T0), async (context) => {
      reference = TurnContext.getConversationReference(context.activity);
    });
    const error = await proactive('Your order has shipped.', {
      messaging_type: 'MESSAGE_TAG',
      tag: 'POST_PURCHASE_UPDATE',
    });
    expect(error).to.be.instanceOf(MessengerError).with.property('code', 'TAG_NOT_ALLOWED');
    expect(sent).to.deep.equal([]);
  });

  it('a utility template goes out as UTILITY after 25 h; free text marked UTILITY is refused locally', async () => {
    await webhook(events.text('facebook', T0), async (context) => {
      reference = TurnContext.getConversationReference(context.activity);
    });
    clock.tick(DAY + HOUR);
    graphAccepts(1);
    const shipped = utilityMessage({
      name: 'order_update',
      language: 'en',
      parameters: { order_id: '566701' },
      buttons: [{ type: 'POSTBACK', payload: 'TRACK_566701' }],
    });
    await adapter.continueConversationAsync('', reference, async (context) => {
      await context.sendActivity(shipped);
    });
    expect(sent).to.deep.equal([
      {
        recipient: { id: PSID },
        messaging_type: 'UTILITY',
        message: {
          template: {
            name: 'order_update',
            language: { code: 'en' },
            components: [
              { type: 'body', parameters: [{ type: 'text', parameter_name: 'order_id', text: '566701' }] },
              { type: 'buttons', parameters: [{ type: 'POSTBACK', payload: 'TRACK_566701' }] },
            ],
          },
        },
      },
    ]);
    const error = await proactive('Your order has shipped.', { messaging_type: 'UTILITY' });
    expect(error).to.be.instanceOf(MessengerError).with.property('code', 'NOT_SUPPORTED');
    expect((error as Error).message).to.contain('only for an approved utility template');
    expect((error as Error).message).to.contain('utilityMessage(');
    expect(sent).to.have.length(1);
  });
});

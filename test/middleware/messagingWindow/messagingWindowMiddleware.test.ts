import { type Activity, TestAdapter } from 'botbuilder';
import type { TurnActivity } from '../../../adapter/turnContext';
import { expect } from 'chai';
import sinon from 'sinon';
import { GraphApiError, MessengerError } from '../../../adapter/errors';
import type { MessengerChannelId } from '../../../adapter/platform';
import { stateKeys, type ThreadOwnerRecord } from '../../../adapter/state/keys';
import { MemoryStateStore } from '../../../adapter/state/memoryStateStore';
import {
  getWindowState,
  MessagingWindowMiddleware,
  type MessagingWindowOptions,
  type LocalRefusalEvent,
  type WindowClosedEvent,
} from '../../../middleware/messagingWindow';
import {
  accountOf,
  agentMessage,
  botMessage,
  conversationOf,
  DAY,
  events,
  FakeMessengerAdapter,
  HOUR,
  MINUTE,
  type SendOutcome,
  T0,
} from './helpers';

type Who = 'bot' | 'human (channelData.humanAgent)' | 'bot while a human owns the thread';

describe('MessagingWindowMiddleware', () => {
  let clock: sinon.SinonFakeTimers;
  const adapters: FakeMessengerAdapter[] = [];

  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    for (const adapter of adapters.splice(0)) (adapter.store as MemoryStateStore).close();
    clock.restore();
  });

  function setup(channelId: MessengerChannelId = 'facebook', options?: MessagingWindowOptions) {
    const adapter = new FakeMessengerAdapter(channelId);
    adapters.push(adapter);
    const middleware = new MessagingWindowMiddleware(options);
    adapter.use(middleware);
    return { adapter, middleware };
  }

  async function humanOwnsThread(adapter: FakeMessengerAdapter): Promise<void> {
    const record: ThreadOwnerRecord = { appId: '1517776481860111', human: true, since: Date.now() };
    await adapter.store.set(stateKeys.threadOwner(conversationOf(adapter.channelId)), record);
  }

  function errorOf(outcome: SendOutcome): MessengerError {
    expect(outcome.error, 'the send should have been refused').to.be.instanceOf(MessengerError);
    return outcome.error as MessengerError;
  }

  describe('edges x (bot, human) x (Messenger, Instagram) x (reply, proactive)', () => {
    const edges: Array<{
      label: string;
      elapsed: number;
      ago: string;
      phase: 'open' | 'human-agent' | 'closed';
    }> = [
      { label: '23:59 h', elapsed: 23 * HOUR + 59 * MINUTE, ago: '23 h 59 min', phase: 'open' },
      { label: '24:01 h', elapsed: DAY + MINUTE, ago: '1 d 1 min', phase: 'human-agent' },
      { label: '6 d 23 h', elapsed: 6 * DAY + 23 * HOUR, ago: '6 d 23 h', phase: 'human-agent' },
      { label: '7 d 1 min', elapsed: 7 * DAY + MINUTE, ago: '7 d 1 min', phase: 'closed' },
    ];
    const whos: Who[] = ['bot', 'human (channelData.humanAgent)', 'bot while a human owns the thread'];
    for (const { label, elapsed, ago, phase } of edges) {
      for (const who of whos) {
        for (const channelId of ['facebook', 'instagram'] as const) {
          for (const how of ['reply', 'proactive'] as const) {
            // Thread ownership never makes a bot message a person's: only the explicit mark does.
            const human = who === 'human (channelData.humanAgent)';
            const expected =
              phase === 'open'
                ? how === 'reply'
                  ? 'RESPONSE'
                  : 'UPDATE'
                : phase === 'human-agent' && human
                  ? 'MESSAGE_TAG + HUMAN_AGENT'
                  : 'MESSAGING_WINDOW_CLOSED, no Graph call';
            it(`${label} | ${who} | ${channelId} | ${how} -> ${expected}`, async () => {
              const { adapter } = setup(channelId);
              const activity = who === 'human (channelData.humanAgent)' ? agentMessage() : botMessage();
              if (who === 'bot while a human owns the thread') await humanOwnsThread(adapter);
              let outcome: SendOutcome;
              if (how === 'reply') {
                // the user writes at T0; the bot replies in that turn, `elapsed` later
                outcome = await adapter.reply(events.text(channelId, T0), [activity], {
                  before: () => clock.tickAsync(elapsed),
                });
              } else {
                await adapter.userDoes(events.text(channelId, T0));
                await clock.tickAsync(elapsed);
                outcome = await adapter.proactive([activity]);
              }

              const { userId } = accountOf(channelId);
              if (expected === 'MESSAGING_WINDOW_CLOSED, no Graph call') {
                const error = errorOf(outcome);
                expect(error.code).to.equal('MESSAGING_WINDOW_CLOSED');
                expect(error.message).to.contain(`the user last wrote ${ago} ago`);
                expect(error.message).to.contain(
                  channelId === 'instagram' ? 'Instagram conversation' : 'Messenger conversation',
                );
                expect(adapter.calls).to.deep.equal([]);
                return;
              }
              expect(outcome.error).to.equal(undefined);
              expect(outcome.responses).to.deep.equal([{ id: 'm_sent_1' }]);
              expect(adapter.calls.map((call) => call.body)).to.deep.equal([
                {
                  recipient: { id: userId },
                  ...(expected === 'MESSAGE_TAG + HUMAN_AGENT'
                    ? { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' }
                    : { messaging_type: expected }),
                  message: { text: activity.text },
                },
              ]);
            });
          }
        }
      }
    }
  });

  describe('which inbound events open the window', () => {
    it('an echo does not reopen the window (and a message sent in its turn is no reply)', async () => {
      const { adapter } = setup();
      await adapter.userDoes(events.text('facebook', T0));
      await clock.tickAsync(23 * HOUR);
      const inEchoTurn = await adapter.reply(events.echo('facebook', Date.now()), [
        botMessage('Anything else?'),
      ]);
      expect(adapter.calls[0]?.body.messaging_type).to.equal('UPDATE');
      expect(inEchoTurn.error).to.equal(undefined);
      await clock.tickAsync(HOUR + MINUTE);
      const late = await adapter.proactive([botMessage()]);
      expect(errorOf(late).code).to.equal('MESSAGING_WINDOW_CLOSED');
      expect(errorOf(late).message).to.contain('the user last wrote 1 d 1 min ago');
      expect(adapter.calls).to.have.length(1);
    });

    for (const name of ['delivery', 'read', 'marketingOptin'] as const) {
      it(`a ${name} event does not reopen it`, async () => {
        const { adapter } = setup();
        await adapter.userDoes(events.text('facebook', T0));
        await clock.tickAsync(2 * DAY);
        await adapter.userDoes(events[name]('facebook', Date.now()));
        expect(errorOf(await adapter.proactive([botMessage()])).code).to.equal('MESSAGING_WINDOW_CLOSED');
      });
    }

    for (const name of ['reaction', 'referral', 'postback', 'quickReply'] as const) {
      for (const channelId of ['facebook', 'instagram'] as const) {
        it(`a ${name} on ${channelId} reopens it`, async () => {
          const { adapter } = setup(channelId);
          await adapter.userDoes(events.text(channelId, T0));
          await clock.tickAsync(3 * DAY);
          await adapter.userDoes(events[name](channelId, Date.now()));
          await clock.tickAsync(HOUR);
          const outcome = await adapter.proactive([botMessage()]);
          expect(outcome.error).to.equal(undefined);
          expect(adapter.calls[0]?.body.messaging_type).to.equal('UPDATE');
        });
      }
    }

    it('an unreaction does not reopen it', async () => {
      const { adapter } = setup('instagram');
      await adapter.userDoes(events.text('instagram', T0));
      await clock.tickAsync(3 * DAY);
      await adapter.userDoes(events.reaction('instagram', Date.now(), 'unreact'));
      expect(errorOf(await adapter.proactive([botMessage()])).code).to.equal('MESSAGING_WINDOW_CLOSED');
    });

    it('a message delivered on standby (another app owns the thread) opens it: the window is the Page’s', async () => {
      const { adapter } = setup();
      await adapter.userDoes(events.text('facebook', T0), 'standby');
      await clock.tickAsync(20 * HOUR);
      const outcome = await adapter.proactive([botMessage()]);
      expect(outcome.error).to.equal(undefined);
      expect(adapter.calls[0]?.body.messaging_type).to.equal('UPDATE');
    });

    it("uses the event's timestamp: a webhook delivered late does not stretch the window", async () => {
      const { adapter } = setup();
      await clock.tickAsync(DAY + MINUTE);
      const outcome = await adapter.reply(events.text('facebook', T0), [botMessage()]);
      expect(errorOf(outcome).code).to.equal('MESSAGING_WINDOW_CLOSED');
      expect(errorOf(outcome).message).to.contain('the user last wrote 1 d 1 min ago');
    });
  });

  describe('tags', () => {
    for (const tag of ['CONFIRMED_EVENT_UPDATE', 'POST_PURCHASE_UPDATE', 'ACCOUNT_UPDATE']) {
      it(`${tag} is TAG_NOT_ALLOWED before any Graph call, even when the window is closed too`, async () => {
        const { adapter } = setup();
        await adapter.userDoes(events.text('facebook', T0));
        await clock.tickAsync(30 * DAY);
        const outcome = await adapter.proactive([
          {
            type: 'message',
            text: 'Your order shipped',
            channelData: { messaging_type: 'MESSAGE_TAG', tag },
          },
        ]);
        expect(errorOf(outcome).code).to.equal('TAG_NOT_ALLOWED');
        expect(errorOf(outcome).message).to.contain('retired by Meta on 2026-04-27');
        expect(adapter.calls).to.deep.equal([]);
      });
    }

    it('a retired tag under channelData.facebook is refused too', async () => {
      const { adapter } = setup();
      await adapter.userDoes(events.text('facebook', T0));
      const outcome = await adapter.proactive([
        {
          type: 'message',
          text: 'x',
          channelData: { facebook: { messaging_type: 'MESSAGE_TAG', tag: 'ACCOUNT_UPDATE' } },
        },
      ]);
      expect(errorOf(outcome).code).to.equal('TAG_NOT_ALLOWED');
      expect(adapter.calls).to.deep.equal([]);
    });

    it('Instagram refuses a tag other than HUMAN_AGENT, inside the window too', async () => {
      const { adapter } = setup('instagram');
      await adapter.userDoes(events.text('instagram', T0));
      const outcome = await adapter.proactive([
        {
          type: 'message',
          text: 'How did we do?',
          channelData: { messaging_type: 'MESSAGE_TAG', tag: 'CUSTOMER_FEEDBACK' },
        },
      ]);
      expect(errorOf(outcome).code).to.equal('TAG_NOT_ALLOWED');
      expect(errorOf(outcome).message).to.contain('Instagram accepts only the HUMAN_AGENT tag');
      expect(adapter.calls).to.deep.equal([]);
    });

    it('a bot that tags HUMAN_AGENT itself is refused: the tag is for people', async () => {
      const { adapter } = setup();
      await adapter.userDoes(events.text('facebook', T0));
      await clock.tickAsync(2 * DAY);
      const outcome = await adapter.proactive([
        {
          type: 'message',
          text: 'Still there?',
          channelData: { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' },
        },
      ]);
      expect(errorOf(outcome).code).to.equal('TAG_NOT_ALLOWED');
      expect(adapter.calls).to.deep.equal([]);
    });
  });

  describe('Graph window errors (state lost, another instance, clock skew)', () => {
    function windowError(
      subcode: number,
      code: 'MESSAGING_WINDOW_CLOSED' | 'PERMISSION_DENIED' = 'MESSAGING_WINDOW_CLOSED',
    ) {
      return new GraphApiError(code, '(#10) This message is sent outside of allowed window.', {
        graphCode: 10,
        graphSubcode: subcode,
        fbtraceId: 'AbC123xYz',
        graphType: 'OAuthException',
        httpStatus: 400,
        method: 'POST',
        path: '/me/messages',
      });
    }

    it('Messenger 10/2018278 becomes MESSAGING_WINDOW_CLOSED and corrects the record', async () => {
      const { adapter, middleware } = setup();
      await adapter.userDoes(events.text('facebook', T0));
      await clock.tickAsync(HOUR);
      const original = windowError(2018278);
      const graph = sinon.stub().onFirstCall().returns(original).returns(undefined);
      adapter.failWith = graph;

      const outcome = await adapter.proactive([botMessage()]);
      const error = errorOf(outcome);
      expect(error).to.be.instanceOf(GraphApiError);
      expect(error).to.include({
        code: 'MESSAGING_WINDOW_CLOSED',
        graphCode: 10,
        graphSubcode: 2018278,
        fbtraceId: 'AbC123xYz',
      });
      expect(error.cause).to.equal(original);
      expect(error.message).to.equal(
        'Meta refused the message as outside the messaging window (Graph 10/2018278, fbtrace_id AbC123xYz): the record ' +
          'said the user last wrote 1 h ago. The record is corrected, so further messages are refused before any ' +
          'Graph call. For 6 d more, only a human agent may write (tagged HUMAN_AGENT): send a message a person ' +
          'wrote as asHumanAgent(...) (channelData.humanAgent = true). Automated messages must wait until the user ' +
          'writes again.',
      );
      expect(await middleware.getWindowState(adapter.reference)).to.include({
        status: 'human-agent-only',
        lastUserAt: T0 + HOUR - DAY,
      });

      // the next bot message is refused locally: Graph is not asked again
      const again = await adapter.proactive([botMessage()]);
      expect(errorOf(again).code).to.equal('MESSAGING_WINDOW_CLOSED');
      expect(errorOf(again)).not.to.be.instanceOf(GraphApiError);
      expect(graph.callCount).to.equal(1);

      // a human agent may still write, tagged
      const agent = await adapter.proactive([agentMessage()]);
      expect(agent.error).to.equal(undefined);
      expect(adapter.calls.map((call) => [call.body.messaging_type, call.body.tag])).to.deep.equal([
        ['MESSAGE_TAG', 'HUMAN_AGENT'],
      ]);
    });

    it('Instagram 10/2534022 on a HUMAN_AGENT message closes the window entirely', async () => {
      const { adapter } = setup('instagram');
      await adapter.userDoes(events.text('instagram', T0));
      await clock.tickAsync(2 * DAY);
      adapter.failWith = sinon.stub().onFirstCall().returns(windowError(2534022)).returns(undefined);

      const outcome = await adapter.proactive([agentMessage()]);
      expect(errorOf(outcome)).to.include({ code: 'MESSAGING_WINDOW_CLOSED', graphSubcode: 2534022 });
      expect(errorOf(outcome).message).to.contain('The 7-day human-agent window is closed too');
      expect(
        (await getWindowState(adapter.store, conversationOf('instagram'), { channelId: 'instagram' })).status,
      ).to.equal('closed');
      const again = await adapter.proactive([agentMessage()]);
      expect(errorOf(again).code).to.equal('MESSAGING_WINDOW_CLOSED');
      expect(adapter.calls).to.deep.equal([]);
    });

    it('a refusal with nothing on record (the store was reset) says so and writes a record', async () => {
      const { adapter } = setup();
      adapter.failWith = () => windowError(2018278);
      const outcome = await adapter.proactive([botMessage()]);
      expect(errorOf(outcome).message).to.contain('no interaction of the user was on record');
      expect((await getWindowState(adapter.store, conversationOf('facebook'))).status).to.equal(
        'human-agent-only',
      );
    });

    it('without a send pipeline (no interceptor ran) it still converts, correcting only what is certain', async () => {
      const onWindowClosed = sinon.spy();
      const { adapter } = setup('facebook', { onWindowClosed });
      adapter.runInterceptors = false;
      await adapter.userDoes(events.text('facebook', T0));
      await clock.tickAsync(2 * DAY);
      const original = windowError(2018278);
      adapter.failWith = () => original;
      // a HUMAN_AGENT message refused: without the body, only "24 hours have passed" is certain
      const outcome = await adapter.proactive([agentMessage()]);
      expect(errorOf(outcome))
        .to.be.instanceOf(GraphApiError)
        .and.include({ code: 'MESSAGING_WINDOW_CLOSED' });
      expect(errorOf(outcome).cause).to.equal(original);
      expect((await getWindowState(adapter.store, conversationOf('facebook'))).lastUserAt).to.equal(T0);
      sinon.assert.calledOnce(onWindowClosed);
      expect((onWindowClosed.firstCall.args[1] as WindowClosedEvent).source).to.equal('graph');
    });

    it('10/2018278 mapped to another code still becomes MESSAGING_WINDOW_CLOSED', async () => {
      const { adapter } = setup();
      await adapter.userDoes(events.text('facebook', T0));
      adapter.failWith = () => windowError(2018278, 'PERMISSION_DENIED');
      const outcome = await adapter.proactive([botMessage()]);
      expect(errorOf(outcome)).to.include({ code: 'MESSAGING_WINDOW_CLOSED', graphSubcode: 2018278 });
    });

    it('other Graph errors pass through untouched and leave the record alone', async () => {
      const { adapter } = setup();
      await adapter.userDoes(events.text('facebook', T0));
      const throttled = new GraphApiError('RATE_LIMITED', 'Rate limit', {
        graphCode: 613,
        graphSubcode: 2534040,
      });
      adapter.failWith = () => throttled;
      const outcome = await adapter.proactive([botMessage()]);
      expect(outcome.error).to.equal(throttled);
      expect((await getWindowState(adapter.store, conversationOf('facebook'))).lastUserAt).to.equal(T0);
    });

    it('tells onWindowClosed, with the corrected state and the batch', async () => {
      const onWindowClosed = sinon.spy();
      const { adapter } = setup('facebook', { onWindowClosed });
      await adapter.userDoes(events.text('facebook', T0));
      adapter.failWith = () => windowError(2018278);
      const message = botMessage();
      const outcome = await adapter.proactive([message]);
      sinon.assert.calledOnce(onWindowClosed);
      const event = onWindowClosed.firstCall.args[1] as WindowClosedEvent;
      expect(event).to.include({
        source: 'graph',
        conversationId: conversationOf('facebook'),
        channelId: 'facebook',
        accountId: accountOf('facebook').accountId,
        userId: accountOf('facebook').userId,
        error: outcome.error,
      });
      expect(event.state).to.include({ status: 'human-agent-only', lastUserAt: T0 - DAY });
      expect(event.activities.map((activity) => activity.text)).to.deep.equal([message.text]);
    });
  });

  describe('onRefused (every local refusal)', () => {
    it('tells a retired tag, with the error that says what is still allowed, and not onWindowClosed', async () => {
      const onRefused = sinon.spy();
      const onWindowClosed = sinon.spy();
      const { adapter } = setup('facebook', { onRefused, onWindowClosed });
      await adapter.userDoes(events.text('facebook', T0));
      const tagged = { ...botMessage(), channelData: { messaging_type: 'MESSAGE_TAG', tag: 'ACCOUNT_UPDATE' } };
      const outcome = await adapter.proactive([tagged]);
      expect(errorOf(outcome).code).to.equal('TAG_NOT_ALLOWED');
      sinon.assert.notCalled(onWindowClosed);
      sinon.assert.calledOnce(onRefused);
      const event = onRefused.firstCall.args[1] as LocalRefusalEvent;
      expect(event).to.include({
        conversationId: conversationOf('facebook'),
        userId: accountOf('facebook').userId,
        error: outcome.error,
      });
      expect(event.state.status).to.equal('open');
      expect(event.activities.map((activity) => [activity.text, activity.channelData])).to.deep.equal([
        [tagged.text, tagged.channelData],
      ]);
      expect(event.error.message).to.contain('send inside the 24-hour window');
      expect(adapter.calls).to.deep.equal([]);
    });

    it('tells a window refusal too, before onWindowClosed', async () => {
      const order: string[] = [];
      const { adapter } = setup('facebook', {
        onRefused: () => void order.push('onRefused'),
        onWindowClosed: () => void order.push('onWindowClosed'),
      });
      await adapter.userDoes(events.text('facebook', T0));
      await clock.tickAsync(2 * DAY);
      expect(errorOf(await adapter.proactive([botMessage()])).code).to.equal('MESSAGING_WINDOW_CLOSED');
      expect(order).to.deep.equal(['onRefused', 'onWindowClosed']);
    });
  });

  describe('onWindowClosed (local refusals)', () => {
    it('is called once per refused batch with the refused activities and the state, then the send rejects', async () => {
      const turnNames: unknown[] = [];
      const onWindowClosed = sinon.spy(async (context: { activity: TurnActivity }) => {
        turnNames.push(context.activity.name);
      });
      const { adapter } = setup('instagram', { onWindowClosed });
      await adapter.userDoes(events.text('instagram', T0));
      await clock.tickAsync(2 * DAY);
      const refused = botMessage('We miss you!');
      const outcome = await adapter.proactive([refused]);
      expect(errorOf(outcome).code).to.equal('MESSAGING_WINDOW_CLOSED');
      sinon.assert.calledOnce(onWindowClosed);
      const event = (onWindowClosed.firstCall.args as unknown[])[1] as WindowClosedEvent;
      expect(turnNames).to.deep.equal(['ContinueConversation']);
      expect(event.source).to.equal('local');
      expect(event.error).to.equal(outcome.error);
      expect(event.activities.map((activity) => activity.text)).to.deep.equal(['We miss you!']);
      expect(event.state).to.deep.equal({
        conversationId: conversationOf('instagram'),
        channelId: 'instagram',
        status: 'human-agent-only',
        lastUserAt: T0,
        standardEndsAt: T0 + DAY,
        humanAgentEndsAt: T0 + 7 * DAY,
        changesAt: T0 + 7 * DAY,
        nextStatus: 'closed',
        remainingMs: 5 * DAY,
      });
    });

    it('is not called for TAG_NOT_ALLOWED (a bot mistake, not the window)', async () => {
      const onWindowClosed = sinon.spy();
      const { adapter } = setup('facebook', { onWindowClosed });
      await adapter.userDoes(events.text('facebook', T0));
      await clock.tickAsync(10 * DAY);
      const outcome = await adapter.proactive([
        botMessage(),
        {
          type: 'message',
          text: 'x',
          channelData: { messaging_type: 'MESSAGE_TAG', tag: 'POST_PURCHASE_UPDATE' },
        },
      ]);
      expect(errorOf(outcome).code).to.equal('TAG_NOT_ALLOWED');
      sinon.assert.notCalled(onWindowClosed);
    });

    it('a hook that throws makes the send reject with its error', async () => {
      const hookError = new Error('mailer down');
      const { adapter } = setup('facebook', {
        onWindowClosed: () => {
          throw hookError;
        },
      });
      await adapter.userDoes(events.text('facebook', T0));
      await clock.tickAsync(8 * DAY);
      expect((await adapter.proactive([botMessage()])).error).to.equal(hookError);
    });
  });

  describe('outgoing activities', () => {
    it('a refused message stops the whole batch before any Graph call', async () => {
      const { adapter } = setup();
      await adapter.userDoes(events.text('facebook', T0));
      await clock.tickAsync(2 * DAY);
      const outcome = await adapter.proactive([agentMessage('Ana here'), botMessage('and a bot line')]);
      expect(errorOf(outcome).code).to.equal('MESSAGING_WINDOW_CLOSED');
      expect(adapter.calls).to.deep.equal([]);
    });

    it("writes a new channelData: the bot's object is not changed, humanAgent and other fields stay", async () => {
      const { adapter } = setup();
      const sent: Array<Partial<Activity>> = [];
      adapter.use({
        onTurn: async (context, next) => {
          context.onSendActivities(async (_context, activities, nextSend) => {
            sent.push(...activities);
            return nextSend();
          });
          await next();
        },
      });
      await adapter.userDoes(events.text('facebook', T0));
      await clock.tickAsync(2 * DAY);
      const channelData = { humanAgent: true, notification_type: 'SILENT_PUSH' };
      const outcome = await adapter.proactive([{ type: 'message', text: 'Ana here', channelData }]);
      expect(outcome.error).to.equal(undefined);
      expect(channelData).to.deep.equal({ humanAgent: true, notification_type: 'SILENT_PUSH' });
      expect(sent[0]?.channelData).to.deep.equal({
        humanAgent: true,
        notification_type: 'SILENT_PUSH',
        messaging_type: 'MESSAGE_TAG',
        tag: 'HUMAN_AGENT',
      });
    });

    it('respects an explicit messaging_type inside 24 hours', async () => {
      const { adapter } = setup();
      await adapter.reply(events.text('facebook', T0), [
        { type: 'message', text: 'FYI', channelData: { messaging_type: 'UPDATE' } },
      ]);
      expect(adapter.calls[0]?.body.messaging_type).to.equal('UPDATE');
    });

    it('sends typing indicators inside 24 hours and drops them past it, keeping responses aligned', async () => {
      const { adapter } = setup();
      await adapter.userDoes(events.text('facebook', T0));
      const early = await adapter.proactive([{ type: 'typing' }, botMessage()]);
      expect(early.responses).to.deep.equal([{ id: '' }, { id: 'm_sent_2' }]);
      expect(adapter.calls.map((call) => call.kind)).to.deep.equal(['sender_action', 'message']);

      await clock.tickAsync(2 * DAY);
      const late = await adapter.proactive([{ type: 'typing' }, agentMessage(), { type: 'typing' }]);
      expect(late.error).to.equal(undefined);
      expect(late.responses).to.deep.equal([{ id: '' }, { id: 'm_sent_3' }, { id: '' }]);
      expect(adapter.calls.map((call) => call.kind)).to.deep.equal(['sender_action', 'message', 'message']);

      const onlyTyping = await adapter.proactive([{ type: 'typing' }]);
      expect(onlyTyping).to.deep.equal({ responses: [{ id: '' }] });
      expect(adapter.calls).to.have.length(3);
    });

    it('leaves events and other activity types alone', async () => {
      const { adapter } = setup();
      await clock.tickAsync(30 * DAY);
      const outcome = await adapter.proactive([
        { type: 'event', name: 'custom.thing' },
        { type: 'trace', name: 't' },
      ]);
      expect(outcome).to.deep.equal({ responses: [{ id: '' }, { id: '' }] });
    });

    it('never reads the thread owner: authorship comes from the message alone', async () => {
      const { adapter } = setup();
      await adapter.userDoes(events.text('facebook', T0));
      const get = sinon.spy(adapter.store, 'get');
      await adapter.proactive([botMessage()]);
      expect(get.args.map((args) => args[0])).to.deep.equal([stateKeys.window(conversationOf('facebook'))]);
      get.resetHistory();
      await clock.tickAsync(2 * DAY);
      await adapter.proactive([agentMessage()]);
      expect(get.args.map((args) => args[0])).to.deep.equal([stateKeys.window(conversationOf('facebook'))]);
    });
  });

  describe('options', () => {
    it('humanAgentTag: false refuses a human agent past 24 hours', async () => {
      const { adapter } = setup('facebook', { humanAgentTag: false });
      await adapter.userDoes(events.text('facebook', T0));
      await clock.tickAsync(DAY + MINUTE);
      const outcome = await adapter.proactive([agentMessage()]);
      expect(errorOf(outcome).code).to.equal('MESSAGING_WINDOW_CLOSED');
      expect(errorOf(outcome).message).to.contain('humanAgentTag: false');
      expect(adapter.calls).to.deep.equal([]);
    });

    it('an injected clock decides, not Date.now', async () => {
      let now = T0;
      const { adapter } = setup('facebook', { now: () => now });
      await adapter.userDoes(events.text('facebook', T0));
      now = T0 + DAY + MINUTE; // the fake Date.now stays at T0
      expect(errorOf(await adapter.proactive([botMessage()])).code).to.equal('MESSAGING_WINDOW_CLOSED');
    });

    it("with nothing on record, 'send' (default) lets Meta decide and 'reject' refuses", async () => {
      const { adapter } = setup();
      expect((await adapter.proactive([botMessage()])).error).to.equal(undefined);
      expect(adapter.calls[0]?.body.messaging_type).to.equal('UPDATE');

      const strict = setup('facebook', { unknownWindow: 'reject' });
      const outcome = await strict.adapter.proactive([botMessage()]);
      expect(errorOf(outcome).code).to.equal('MESSAGING_WINDOW_CLOSED');
      expect(strict.adapter.calls).to.deep.equal([]);
    });

    it('store: records go to the given store, not the adapter’s', async () => {
      const own = new MemoryStateStore();
      try {
        const { adapter, middleware } = setup('facebook', { store: own });
        expect((await middleware.getWindowState(conversationOf('facebook'))).status).to.equal('unknown');
        await adapter.userDoes(events.text('facebook', T0));
        expect(await own.get(stateKeys.window(conversationOf('facebook')))).to.equal(T0);
        expect(await adapter.store.get(stateKeys.window(conversationOf('facebook')))).to.equal(undefined);
      } finally {
        own.close();
      }
    });

    it('rejects invalid options with CONFIG_INVALID', () => {
      const bad: unknown[] = [
        { humanAgentTag: 'no' },
        { now: 5 },
        { unknownWindow: 'maybe' },
        { store: {} },
        { onWindowClosed: 'mail' },
        'options',
      ];
      for (const options of bad) {
        expect(
          () => new MessagingWindowMiddleware(options as MessagingWindowOptions),
          JSON.stringify(options),
        )
          .to.throw(MessengerError)
          .with.property('code', 'CONFIG_INVALID');
      }
    });
  });

  describe('query API', () => {
    it('getWindowState(reference | conversationId) gives the status and the countdown', async () => {
      const { adapter, middleware } = setup('instagram');
      await adapter.userDoes(events.text('instagram', T0));
      await clock.tickAsync(20 * HOUR);
      expect(await middleware.getWindowState(adapter.reference)).to.include({
        channelId: 'instagram',
        status: 'open',
        changesAt: T0 + DAY,
        nextStatus: 'human-agent-only',
        remainingMs: 4 * HOUR,
      });
      await clock.tickAsync(5 * HOUR);
      expect(await middleware.getWindowState(conversationOf('instagram'))).to.include({
        status: 'human-agent-only',
        changesAt: T0 + 7 * DAY,
      });
      await clock.tickAsync(7 * DAY);
      expect((await middleware.getWindowState(adapter.reference)).status).to.equal('closed');
    });

    it('before any turn and without a store option it says how to fix it', async () => {
      const middleware = new MessagingWindowMiddleware();
      try {
        await middleware.getWindowState('1-2');
        expect.fail('should have thrown');
      } catch (error) {
        expect(error).to.be.instanceOf(MessengerError).with.property('code', 'CONFIG_INVALID');
      }
    });
  });

  it('is inert on turns that did not come from a Messenger adapter (TestAdapter)', async () => {
    const adapter = new TestAdapter(async (context) => {
      await context.sendActivity('echo');
    });
    adapter.use(new MessagingWindowMiddleware());
    await adapter
      .send('hi')
      .assertReply((activity) => {
        expect(activity.text).to.equal('echo');
        expect(activity.channelData).to.equal(undefined);
      })
      .startTest();
  });
});

import { expect } from 'chai';
import nock from 'nock';
import {
  conversationOf,
  events,
  FB,
  FB2,
  graphError,
  Harness,
  MINUTE,
  OUR_APP_ID,
  PAGE_ID,
  PAGE_ID_2,
  PAGE_INBOX,
  T0,
  USER_ID,
  USER_ID_2,
} from './helpers';

describe('HandoverMiddleware: several Pages, taking back', () => {
  let h: Harness;

  afterEach(async () => {
    await h.close();
    nock.cleanAll();
  });

  it('keeps two conversations on different Pages apart, in one webhook batch', async () => {
    h = new Harness();
    await h.post({
      object: 'page',
      entry: [
        { id: PAGE_ID, time: T0, messaging: [events.text(FB, T0, 'I need an agent')] },
        { id: PAGE_ID_2, time: T0, messaging: [events.text(FB2, T0, 'What are your opening hours?')] },
      ],
    });
    const pass = h.graph.calls.filter((call) => call.path === '/me/pass_thread_control');
    expect(pass).to.deep.equal([
      {
        path: '/me/pass_thread_control',
        body: {
          recipient: { id: USER_ID },
          target_app_id: PAGE_INBOX,
          metadata: '{"skill":"billing","vip":true}',
        },
      },
    ]);
    expect(h.statuses(conversationOf(FB)).map((s) => s.value)).to.deep.equal([{ state: 'accepted' }]);
    expect(h.statuses(conversationOf(FB2))).to.deep.equal([]);

    // Both write again: only the first Page's person is with the Inbox.
    h.now = T0 + MINUTE;
    await h.post({
      object: 'page',
      entry: [
        { id: PAGE_ID, time: T0, standby: [events.text(FB, T0 + MINUTE, 'hello?')] },
        { id: PAGE_ID_2, time: T0, messaging: [events.text(FB2, T0 + MINUTE, 'and on Sunday?')] },
      ],
    });
    const toUser2 = h.graph
      .messages()
      .filter((body) => (body.recipient as { id: string }).id === USER_ID_2)
      .map((body) => (body.message as { text: string }).text);
    expect(toUser2).to.deep.equal(['You said: What are your opening hours?', 'You said: and on Sunday?']);
    const toUser1 = h.graph.messages().filter((body) => (body.recipient as { id: string }).id === USER_ID);
    expect(toUser1.map((body) => (body.message as { text: string }).text)).to.deep.equal([
      'Connecting you with a person.',
    ]);
    expect(await h.record(FB)).to.deep.include({ appId: PAGE_INBOX, human: true });
    expect(await h.record(FB2)).to.equal(undefined);
    expect(h.errors).to.deep.equal([]);
  });

  describe('take-back keywords', () => {
    it('takes the thread back when the person types a keyword on standby (trimmed, any case)', async () => {
      h = new Harness({ middleware: { takeBackKeywords: ['bot', 'menu'] } });
      await h.messaging(FB, events.take(FB, T0, OUR_APP_ID, PAGE_INBOX));
      h.now = T0 + MINUTE;
      await h.standby(FB, events.text(FB, T0 + MINUTE, 'just a question'));
      expect(h.graph.calls).to.deep.equal([]);
      h.now = T0 + 2 * MINUTE;
      await h.standby(FB, events.text(FB, T0 + 2 * MINUTE, '  Menu '));
      expect(h.graph.calls[0]).to.deep.equal({
        path: '/me/take_thread_control',
        body: { recipient: { id: USER_ID } },
      });
      expect(h.statuses().map((s) => [s.value, s.channelData])).to.deep.equal([
        [{ state: 'accepted' }, { trigger: 'take', ownerAppId: PAGE_INBOX }],
        [{ state: 'completed' }, { trigger: 'keyword' }],
      ]);
      // The keyword message itself stays a standby event; the bot has the thread again, so what it
      // says now goes out, and it hears `completed` next.
      expect(h.graph.texts()).to.deep.equal(['I can answer that too!', 'Handoff completed.']);
      expect(h.heldTexts()).to.deep.equal(['Handoff accepted.', 'I can answer that too!']);
      expect(await h.record(FB)).to.deep.equal({ appId: OUR_APP_ID, human: false, since: T0 + 2 * MINUTE });
    });

    it('matches a RegExp, and quick-reply payloads', async () => {
      h = new Harness({ middleware: { takeBackKeywords: /^BACK_TO_BOT$/ } });
      await h.messaging(FB, events.take(FB, T0, OUR_APP_ID, PAGE_INBOX));
      h.now = T0 + 1000;
      await h.standby(FB, events.quickReply(FB, T0 + 1000, 'Talk to the bot', 'BACK_TO_BOT'));
      expect(h.graph.calls.map((call) => call.path)).to.deep.equal([
        '/me/take_thread_control',
        '/me/messages',
        '/me/messages',
      ]);
      expect(h.statuses().map((s) => s.channelData)).to.deep.equal([
        { trigger: 'take', ownerAppId: PAGE_INBOX },
        { trigger: 'keyword' },
      ]);
    });
  });

  describe('take back after the agent was idle', () => {
    it('takes the thread when the person writes and no agent wrote for N minutes', async () => {
      h = new Harness({ middleware: { takeBackAfterIdleMinutes: 30 } });
      await h.messaging(FB, events.text(FB, T0, 'agent'));
      h.now = T0 + 10 * MINUTE;
      await h.standby(FB, events.echo(FB, T0 + 10 * MINUTE, 'Looking into it', PAGE_INBOX));
      h.now = T0 + 39 * MINUTE;
      await h.standby(FB, events.text(FB, T0 + 39 * MINUTE, 'any news?'));
      expect(h.graph.calls.map((call) => call.path)).to.deep.equal([
        '/me/messages',
        '/me/pass_thread_control',
      ]);
      expect(await h.record(FB)).to.deep.include({ userAt: T0 + 39 * MINUTE });

      h.now = T0 + 41 * MINUTE;
      await h.standby(FB, events.text(FB, T0 + 41 * MINUTE, 'hello???'));
      expect(h.graph.calls.map((call) => call.path)).to.deep.equal([
        '/me/messages',
        '/me/pass_thread_control',
        '/me/take_thread_control',
        '/me/messages',
        '/me/messages',
      ]);
      expect(h.statuses().map((s) => [s.value, s.channelData])).to.deep.equal([
        [{ state: 'accepted' }, { trigger: 'pass', ownerAppId: PAGE_INBOX }],
        [{ state: 'completed' }, { trigger: 'idle' }],
      ]);
      expect(h.graph.texts()).to.deep.equal([
        'Connecting you with a person.',
        'I can answer that too!',
        'Handoff completed.',
      ]);
    });

    it('a refused take-back sends failed once, and waits another N minutes before trying again', async () => {
      h = new Harness({ middleware: { takeBackAfterIdleMinutes: 5 } });
      await h.messaging(FB, events.take(FB, T0, OUR_APP_ID, PAGE_INBOX));
      h.graph.failNext(
        'take_thread_control',
        graphError(10, '(#10) Take thread control is blocked until a default app is set.'),
      );
      h.now = T0 + 6 * MINUTE;
      await h.standby(FB, events.text(FB, T0 + 6 * MINUTE, 'hi'));
      h.now = T0 + 7 * MINUTE;
      await h.standby(FB, events.text(FB, T0 + 7 * MINUTE, 'hi again'));
      expect(h.graph.calls.map((call) => call.path)).to.deep.equal(['/me/take_thread_control']);
      expect(h.statuses().map((s) => (s.value as { state: string }).state)).to.deep.equal([
        'accepted',
        'failed',
      ]);
      expect(h.statuses()[1]?.channelData).to.deep.equal({ trigger: 'idle', errorCode: 'PERMISSION_DENIED' });

      h.now = T0 + 12 * MINUTE;
      await h.standby(FB, events.text(FB, T0 + 12 * MINUTE, 'hello'));
      expect(h.graph.calls.map((call) => call.path)).to.deep.equal([
        '/me/take_thread_control',
        '/me/take_thread_control',
        '/me/messages',
        '/me/messages',
      ]);
      expect(h.statuses().map((s) => (s.value as { state: string }).state)).to.deep.equal([
        'accepted',
        'failed',
        'completed',
      ]);
    });

    it('hands the bot back from a human agent of this app without a Graph call', async () => {
      h = new Harness({ middleware: { takeBackAfterIdleMinutes: 15 } });
      await h.proactive(FB, async (context) => {
        await context.sendActivity({ text: 'Ana here.', channelData: { humanAgent: true } });
      });
      h.now = T0 + 16 * MINUTE;
      await h.messaging(FB, events.text(FB, T0 + 16 * MINUTE, 'are you still there'));
      expect(h.graph.calls.map((call) => call.path)).to.deep.equal([
        '/me/messages',
        '/me/messages',
        '/me/messages',
      ]);
      expect(h.graph.texts()).to.deep.equal([
        'Ana here.',
        'You said: are you still there',
        'Handoff completed.',
      ]);
      expect(h.statuses().map((s) => s.channelData)).to.deep.equal([{ trigger: 'idle' }]);
    });
  });
});

import { expect } from 'chai';
import nock from 'nock';
import { handoverKeys } from '../../../adapter/handover/selfApp';
import {
  CC_APP_ID,
  events,
  FB,
  Harness,
  IG,
  IG_INBOX,
  NOT_OWNER_SEND,
  OUR_APP_ID,
  PAGE_INBOX,
  T0,
} from './helpers';

describe('HandoverMiddleware: people taking over on their own', () => {
  let h: Harness;

  afterEach(async () => {
    await h.close();
    nock.cleanAll();
  });

  describe('an echo this app did not send (a person answering in the Inbox)', () => {
    it("makes the thread the Inbox's, tells the bot once, and holds the bot from then on", async () => {
      h = new Harness();
      await h.messaging(FB, events.text(FB, T0, 'Where is my order?'));
      expect(h.graph.texts()).to.deep.equal(['You said: Where is my order?']);
      // The bot's own echo changes nothing.
      h.now = T0 + 1000;
      await h.messaging(FB, events.echo(FB, T0 + 1000, 'You said: Where is my order?', Number(OUR_APP_ID)));
      expect(h.statuses()).to.deep.equal([]);

      // A person answers from the Page Inbox: Meta gives the Inbox the thread, and so do we.
      h.now = T0 + 2000;
      await h.messaging(FB, events.echo(FB, T0 + 2000, 'Hi, this is Sam from the shop.', Number(PAGE_INBOX)));
      expect(h.statuses()).to.deep.equal([
        { value: { state: 'accepted' }, channelData: { trigger: 'echo', ownerAppId: PAGE_INBOX } },
      ]);
      expect(await h.record(FB)).to.deep.equal({
        appId: PAGE_INBOX,
        human: true,
        since: T0 + 2000,
        agentAt: T0 + 2000,
      });

      // The person answers. Even delivered on `messaging` (Meta's default routing delivers to every
      // app), the bot sees it as a standby event, and whatever it says is held.
      h.now = T0 + 3000;
      await h.messaging(FB, events.text(FB, T0 + 3000, 'Thanks Sam'));
      expect(h.kinds().at(-1)).to.equal('event:messenger.standby');
      expect(h.graph.texts()).to.deep.equal(['You said: Where is my order?']);
      expect(h.heldTexts()).to.deep.equal(['Handoff accepted.', 'I can answer that too!']);
      expect(h.errors).to.deep.equal([]);
    });

    it('treats an echo without app_id (a native client) as a person', async () => {
      h = new Harness();
      await h.messaging(FB, events.echo(FB, T0, 'typed on the phone'));
      expect(h.statuses()).to.deep.equal([
        { value: { state: 'accepted' }, channelData: { trigger: 'echo', ownerAppId: PAGE_INBOX } },
      ]);
    });

    it('on Instagram (no app_id in echoes) tells its own echoes by the message ids it sent', async () => {
      h = new Harness();
      await h.messaging(IG, events.text(IG, T0, 'hey'));
      expect(h.graph.texts()).to.deep.equal(['You said: hey']);
      h.now = T0 + 1000;
      await h.messaging(IG, events.echo(IG, T0 + 1000, 'You said: hey', undefined, 'm_sent_1'));
      expect(h.statuses()).to.deep.equal([]);
      expect(await h.record(IG)).to.equal(undefined);

      h.now = T0 + 2000;
      await h.messaging(IG, events.echo(IG, T0 + 2000, 'Hi! Jo from the team here'));
      expect(h.statuses()).to.deep.equal([
        { value: { state: 'accepted' }, channelData: { trigger: 'echo', ownerAppId: IG_INBOX } },
      ]);
      expect(await h.record(IG)).to.deep.include({ appId: IG_INBOX, human: true });
    });

    it('an agent of another app taking over from a contact-centre app changes the owner without a status', async () => {
      h = new Harness({ middleware: { targetAppId: CC_APP_ID } });
      await h.messaging(FB, events.text(FB, T0, 'agent'));
      h.now = T0 + 1000;
      await h.standby(FB, events.echo(FB, T0 + 1000, 'Inbox here', PAGE_INBOX));
      expect(await h.record(FB)).to.deep.include({ appId: PAGE_INBOX, human: true, agentAt: T0 + 1000 });
      expect(h.statuses()).to.have.length(1);
    });
  });

  describe('without the adapter appId', () => {
    it('recognises its own echoes by their message ids, learns its app id, and still detects the Inbox', async () => {
      h = new Harness({ appId: null });
      await h.messaging(FB, events.text(FB, T0, 'hi'));
      h.now = T0 + 1000;
      await h.messaging(FB, events.echo(FB, T0 + 1000, 'You said: hi', Number(OUR_APP_ID), 'm_sent_1'));
      expect(h.statuses()).to.deep.equal([]);
      expect(await h.store.get(handoverKeys.selfAppId())).to.equal(OUR_APP_ID);

      // Now known: an echo with this app's id but an unknown mid (another instance sent it) is ours too.
      h.now = T0 + 2000;
      await h.messaging(FB, events.echo(FB, T0 + 2000, 'sent elsewhere', OUR_APP_ID));
      expect(h.statuses()).to.deep.equal([]);

      h.now = T0 + 3000;
      await h.messaging(FB, events.echo(FB, T0 + 3000, 'Inbox reply', PAGE_INBOX));
      expect(h.statuses().map((s) => s.value)).to.deep.equal([{ state: 'accepted' }]);
    });

    it('treats an echo of an unknown app whose message id it did not send as another app (the bot stays quiet)', async () => {
      h = new Harness({ appId: null });
      await h.messaging(FB, events.echo(FB, T0, 'from a third-party tool', CC_APP_ID));
      expect(await h.record(FB)).to.deep.include({ appId: CC_APP_ID, human: true });
    });
  });

  describe('standby delivery', () => {
    it('never answers a standby message: records another owner and holds the reply', async () => {
      h = new Harness();
      await h.standby(FB, events.text(FB, T0, 'Is anyone there?'));
      expect(h.kinds()).to.deep.equal(['event:messenger.standby', 'event:handoff.status']);
      expect(h.statuses()).to.deep.equal([
        { value: { state: 'accepted' }, channelData: { trigger: 'standby' } },
      ]);
      expect(h.graph.calls).to.deep.equal([]);
      expect(h.heldTexts()).to.deep.equal(['I can answer that too!', 'Handoff accepted.']);
      expect(await h.record(FB)).to.deep.equal({ appId: 'unknown', human: true, since: T0, userAt: T0 });

      h.now = T0 + 1000;
      await h.standby(FB, events.read(FB, T0 + 1000), events.text(FB, T0 + 1001, 'hello??'));
      expect(h.graph.calls).to.deep.equal([]);
      expect(h.statuses()).to.have.length(1);
      expect(h.errors).to.deep.equal([]);
    });

    it('resolves sendActivity of a held message with an empty id, and the batch keeps its order', async () => {
      const responses: unknown[] = [];
      h = new Harness({
        bot: async (context) => {
          if (context.activity.name !== 'messenger.standby') return;
          responses.push(await context.sendActivity('one'));
          responses.push(
            await context.sendActivities([
              { type: 'typing' },
              { text: 'two' },
              { type: 'trace', name: 'dbg' },
            ]),
          );
        },
      });
      await h.standby(FB, events.text(FB, T0, 'x'));
      expect(responses).to.deep.equal([{ id: '' }, [{ id: '' }, { id: '' }, { id: '' }]]);
      expect(h.held.map((a) => a.type)).to.deep.equal(['message', 'typing', 'message']);
      expect(h.graph.calls).to.deep.equal([]);
    });

    it('ignores a standby event older than the recorded change (events that crossed a take-back)', async () => {
      h = new Harness();
      await h.messaging(FB, events.take(FB, T0, OUR_APP_ID, PAGE_INBOX));
      h.now = T0 + 5000;
      await h.messaging(FB, events.pass(FB, T0 + 5000, PAGE_INBOX, OUR_APP_ID));
      await h.standby(FB, events.read(FB, T0 + 4000));
      expect(await h.record(FB)).to.deep.equal({ appId: OUR_APP_ID, human: false, since: T0 + 5000 });
      expect(h.statuses().map((s) => s.value)).to.deep.equal([{ state: 'accepted' }, { state: 'completed' }]);
    });
  });

  describe('handover webhooks from other apps', () => {
    it('take_thread_control by the Inbox: accepted; release_thread_control: completed', async () => {
      h = new Harness();
      await h.messaging(FB, events.take(FB, T0, OUR_APP_ID, PAGE_INBOX));
      expect(await h.record(FB)).to.deep.equal({ appId: PAGE_INBOX, human: true, since: T0 });
      h.now = T0 + 60_000;
      await h.messaging(FB, events.release(FB, T0 + 60_000, OUR_APP_ID, 'all done'));
      expect(h.statuses()).to.deep.equal([
        { value: { state: 'accepted' }, channelData: { trigger: 'take', ownerAppId: PAGE_INBOX } },
        { value: { state: 'completed', message: 'all done' }, channelData: { trigger: 'release' } },
      ]);
      expect(h.heldTexts()).to.deep.equal(['Handoff accepted.']);
      expect(h.graph.texts()).to.deep.equal(['Handoff completed.']);
    });

    it('gives the thread back when Meta made it idle (no message from the person for 24 hours)', async () => {
      h = new Harness();
      await h.messaging(FB, events.take(FB, T0, OUR_APP_ID, PAGE_INBOX));
      const later = T0 + 25 * 3600_000;
      h.now = later;
      await h.messaging(FB, events.text(FB, later, 'Hello again'));
      expect(h.statuses().map((s) => [s.value, s.channelData])).to.deep.equal([
        [{ state: 'accepted' }, { trigger: 'take', ownerAppId: PAGE_INBOX }],
        [{ state: 'completed' }, { trigger: 'idle' }],
      ]);
      expect(h.kinds()).to.include('message');
      expect(h.graph.texts()).to.deep.equal(['You said: Hello again', 'Handoff completed.']);
    });
  });

  describe('Graph refusing a message with 2018300', () => {
    it('holds the message (sendActivity resolves), records another owner and holds the rest of it', async () => {
      h = new Harness();
      h.graph.failNext('messages', NOT_OWNER_SEND);
      await h.messaging(FB, events.text(FB, T0, 'x'.repeat(2500)));
      // The reply is split in two Send API calls: the first is refused, the second never sent.
      expect(h.graph.calls).to.have.length(1);
      expect(h.held.map((a) => a.text?.length)).to.deep.equal([2510, 'Handoff accepted.'.length]);
      expect(h.statuses()).to.deep.equal([
        { value: { state: 'accepted' }, channelData: { trigger: 'send' } },
      ]);
      expect(await h.record(FB)).to.deep.equal({ appId: 'unknown', human: true, since: T0 });
      expect(h.errors).to.deep.equal([]);

      h.now = T0 + 1000;
      await h.messaging(FB, events.text(FB, T0 + 1000, 'hello'));
      expect(h.graph.calls).to.have.length(1);
    });

    it('ties the refusal to its own activity when the bot sends two at once', async () => {
      h = new Harness({
        bot: async (context) => {
          if (context.activity.type !== 'message') return;
          // both owner checks pass before either Graph call is answered
          await Promise.all([context.sendActivity('a'.repeat(2500)), context.sendActivity('The second reply.')]);
        },
      });
      h.graph.failNext('messages', NOT_OWNER_SEND);
      await h.messaging(FB, events.text(FB, T0, 'hi'));
      // the long reply's first call is refused: it is held, its second part is not sent;
      // the other reply was already on its way and went out
      expect(h.graph.texts().map((text) => text.slice(0, 3) + text.length)).to.deep.equal(['aaa1999', 'The17']);
      expect(h.held.map((a) => a.text?.length)).to.deep.equal([2500]);
      expect(h.statuses()).to.deep.equal([{ value: { state: 'accepted' }, channelData: { trigger: 'send' } }]);
      expect(h.errors).to.deep.equal([]);
      expect(await h.record(FB)).to.deep.equal({ appId: 'unknown', human: true, since: T0 });
    });
  });
});

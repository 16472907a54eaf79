import { expect } from 'chai';
import nock from 'nock';
import { events, FB, Harness, IG, IG_INBOX, MINUTE, OUR_APP_ID, PAGE_INBOX, T0, USER_ID } from './helpers';

describe('HandoverMiddleware: bot -> Inbox -> bot', () => {
  let h: Harness;

  beforeEach(() => {
    h = new Harness();
  });
  afterEach(async () => {
    await h.close();
    nock.cleanAll();
  });

  it('passes to the Page Inbox, holds the bot while the Inbox has the thread, and hands back with completed', async () => {
    // 1. The person asks for an agent: the bot says so, then hands off with botbuilder's EventFactory.
    await h.messaging(FB, events.text(FB, T0, 'I want an agent please'));
    expect(h.graph.calls).to.deep.equal([
      {
        path: '/me/messages',
        body: {
          recipient: { id: USER_ID },
          messaging_type: 'RESPONSE',
          message: { text: 'Connecting you with a person.' },
        },
      },
      {
        path: '/me/pass_thread_control',
        body: {
          recipient: { id: USER_ID },
          target_app_id: PAGE_INBOX,
          metadata: '{"skill":"billing","vip":true}',
        },
      },
    ]);
    expect(h.statuses()).to.deep.equal([
      { value: { state: 'accepted' }, channelData: { trigger: 'pass', ownerAppId: PAGE_INBOX } },
    ]);
    // The bot's answer to `accepted` comes too late: the Inbox owns the thread. It is held, not sent.
    expect(h.heldTexts()).to.deep.equal(['Handoff accepted.']);
    expect(await h.record(FB)).to.deep.equal({ appId: PAGE_INBOX, human: true, since: T0 });

    // 2. Meta's pass webhook that follows does not repeat `accepted`.
    h.now = T0 + 1000;
    await h.messaging(
      FB,
      events.pass(FB, T0 + 900, OUR_APP_ID, PAGE_INBOX, '{"skill":"billing","vip":true}'),
    );
    expect(h.statuses()).to.have.length(1);

    // 3. The person writes; Meta delivers it on standby. The bot sees an event, and its reply is held.
    h.now = T0 + 2 * MINUTE;
    await h.standby(FB, events.text(FB, T0 + 2 * MINUTE, 'hello? anyone there?'));
    expect(h.kinds().at(-1)).to.equal('event:messenger.standby');
    expect(h.heldTexts()).to.deep.equal(['Handoff accepted.', 'I can answer that too!']);

    // 4. The agent answers from the Inbox (the echo arrives on standby): no new status.
    h.now = T0 + 3 * MINUTE;
    await h.standby(FB, events.echo(FB, T0 + 3 * MINUTE, 'Hi, Ana here. How can I help?', PAGE_INBOX));
    expect(h.statuses()).to.have.length(1);
    expect(await h.record(FB)).to.deep.include({ appId: PAGE_INBOX, human: true, agentAt: T0 + 3 * MINUTE });
    expect(h.graph.calls).to.have.length(2);

    // 5. The Inbox passes the thread back: `completed`, with the Inbox's metadata as the message.
    h.now = T0 + 10 * MINUTE;
    await h.messaging(FB, events.pass(FB, T0 + 10 * MINUTE, PAGE_INBOX, OUR_APP_ID, 'resolved'));
    expect(h.statuses()).to.deep.equal([
      { value: { state: 'accepted' }, channelData: { trigger: 'pass', ownerAppId: PAGE_INBOX } },
      { value: { state: 'completed', message: 'resolved' }, channelData: { trigger: 'pass' } },
    ]);
    expect(h.graph.texts()).to.deep.equal(['Connecting you with a person.', 'Handoff completed.']);
    expect(h.graph.messages()[1]).to.deep.include({ messaging_type: 'UPDATE' });
    expect(await h.record(FB)).to.deep.equal({ appId: OUR_APP_ID, human: false, since: T0 + 10 * MINUTE });

    // 6. The bot answers again.
    h.now = T0 + 11 * MINUTE;
    await h.messaging(FB, events.text(FB, T0 + 11 * MINUTE, 'thanks'));
    expect(h.graph.texts().at(-1)).to.equal('You said: thanks');
    expect(h.errors).to.deep.equal([]);
  });

  it('passes to the Instagram Inbox on Instagram', async () => {
    await h.messaging(IG, events.text(IG, T0, 'agent'));
    expect(h.graph.calls.map((call) => call.path)).to.deep.equal(['/me/messages', '/me/pass_thread_control']);
    expect(h.graph.calls[1]?.body).to.deep.include({ target_app_id: IG_INBOX });
    expect(h.statuses()).to.deep.equal([
      { value: { state: 'accepted' }, channelData: { trigger: 'pass', ownerAppId: IG_INBOX } },
    ]);
    await h.standby(IG, events.text(IG, T0 + 1000, 'are you there'));
    expect(h.graph.calls).to.have.length(2);
    expect(h.heldTexts()).to.deep.equal(['Handoff accepted.', 'I can answer that too!']);
    expect(h.errors).to.deep.equal([]);
  });
});

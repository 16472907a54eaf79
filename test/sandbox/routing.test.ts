import { expect } from 'chai';
import { HOUR_MS, type Sandbox, SandboxError } from '../../sandbox';
import {
  APP_ID,
  defined,
  type FakeBot,
  graph,
  IG_INBOX,
  IG_TOKEN,
  manualClock,
  PAGE_INBOX,
  sendPostbackButtons,
  sendText,
  startPair,
} from './helpers';

type Routed = { list: 'messaging' | 'standby'; event: Record<string, unknown> };

/** The kind of an event: the first key that is not sender / recipient / timestamp. */
const kindOf = ({ event }: Routed) =>
  Object.keys(event).find((key) => !['sender', 'recipient', 'timestamp'].includes(key));

describe('sandbox conversation routing (messaging vs standby)', () => {
  let sandbox: Sandbox;
  let bot: FakeBot;
  let close: () => Promise<void>;
  const clock = manualClock();

  beforeEach(async () => {
    clock.set(Date.UTC(2026, 10, 2, 9, 0, 0));
    ({ sandbox, bot, close } = await startPair({ now: clock.now }));
  });
  afterEach(async () => {
    await close();
  });

  const eventsSince = (count: number): Routed[] => bot.events().slice(count);

  it('after the bot passes to the Page Inbox, the pass and everything after arrive on standby until the inbox hands back', async () => {
    const user = sandbox.user();
    await user.say('I want a human');
    const buttons = await sendPostbackButtons(sandbox, user.id, 'Sure', [['Cancel', 'CANCEL']]);
    expect(buttons.status).to.equal(200);
    await sandbox.idle();
    const before = bot.events().length;

    const pass = await graph(sandbox, 'POST', '/me/pass_thread_control', {
      body: { recipient: { id: user.id }, target_app_id: PAGE_INBOX, metadata: 'escalate:billing' },
    });
    expect(pass.body).to.deep.equal({ success: true });
    await sandbox.idle();
    const [passEvent] = eventsSince(before);
    expect(passEvent?.list).to.equal('standby');
    expect(passEvent?.event.pass_thread_control).to.deep.equal({
      previous_owner_app_id: APP_ID,
      new_owner_app_id: PAGE_INBOX,
      metadata: 'escalate:billing',
    });

    const afterPass = bot.events().length;
    await user.say('hello? anyone?');
    await user.postback('CANCEL');
    const routed = eventsSince(afterPass);
    expect(routed.map((r) => [r.list, kindOf(r)])).to.deep.equal([
      ['standby', 'message'],
      ['standby', 'postback'],
    ]);
    expect(routed[1]?.event.postback).to.deep.equal({
      title: 'Cancel',
      mid: (defined(routed[1]).event.postback as { mid: string }).mid,
    });

    const beforeReply = bot.events().length;
    await sandbox.inbox.reply(user.id, 'Hi, Ana here from billing.');
    await sandbox.idle();
    const [echo, delivery] = eventsSince(beforeReply);
    expect(echo?.list).to.equal('standby');
    expect(echo?.event.message).to.deep.include({
      is_echo: true,
      app_id: Number(PAGE_INBOX),
      text: 'Hi, Ana here from billing.',
    });
    expect(delivery?.list).to.equal('standby');

    const beforeHandBack = bot.events().length;
    await sandbox.inbox.handBack(user.id, 'resolved');
    await user.say('thanks!');
    const back = eventsSince(beforeHandBack);
    expect(back.map((r) => [r.list, kindOf(r)])).to.deep.equal([
      ['messaging', 'pass_thread_control'],
      ['messaging', 'message'],
    ]);
    expect(back[0]?.event.pass_thread_control).to.deep.equal({
      previous_owner_app_id: PAGE_INBOX,
      new_owner_app_id: APP_ID,
      metadata: 'resolved',
    });
  });

  it('an agent replying in a bot-owned thread takes control first: take_thread_control reaches the bot, then the echo on standby', async () => {
    const user = sandbox.user();
    await user.say('hi');
    const before = bot.events().length;
    const entry = await sandbox.inbox.reply(user.id, 'Hello from a person');
    await sandbox.idle();
    const events = eventsSince(before);
    expect(events.map((r) => [r.list, kindOf(r)])).to.deep.equal([
      ['messaging', 'take_thread_control'],
      ['standby', 'message'],
      ['standby', 'delivery'],
    ]);
    expect(events[0]?.event.take_thread_control).to.deep.equal({
      previous_owner_app_id: APP_ID,
      new_owner_app_id: PAGE_INBOX,
      metadata: '',
    });
    expect(events[1]?.event.message).to.deep.equal({
      mid: entry.mid,
      is_echo: true,
      app_id: 263902037430900,
      text: 'Hello from a person',
    });
    expect(sandbox.threadOwner(user.id)).to.equal(PAGE_INBOX);
    expect((await sendText(sandbox, user.id, 'bot again')).body.error).to.deep.include({ code: 2018300 });
  });

  it("the inbox's control lapses after 24 h without activity: the next message goes to the bot again", async () => {
    const user = sandbox.user();
    await user.say('hi');
    await sandbox.inbox.takeOver(user.id);
    sandbox.clock.advance(23 * HOUR_MS);
    expect(sandbox.threadOwner(user.id)).to.equal(PAGE_INBOX);
    sandbox.clock.advance(2 * HOUR_MS);
    expect(sandbox.threadOwner(user.id)).to.equal(undefined);
    const before = bot.events().length;
    await user.say('hello again');
    expect(eventsSince(before).map((r) => r.list)).to.deep.equal(['messaging']);
    expect(sandbox.threadOwner(user.id)).to.equal(APP_ID);
  });

  it('a bot requesting control notifies the owner; the bot sees the request on standby', async () => {
    const user = sandbox.user();
    await user.say('hi');
    await sandbox.inbox.takeOver(user.id);
    const before = bot.events().length;
    await graph(sandbox, 'POST', '/me/request_thread_control', {
      body: { recipient: { id: user.id }, metadata: 'bot wants it back' },
    });
    await sandbox.idle();
    const [request] = eventsSince(before);
    expect(request?.list).to.equal('standby');
    expect(request?.event.request_thread_control).to.deep.equal({
      requested_owner_app_id: APP_ID,
      metadata: 'bot wants it back',
    });
    expect(sandbox.threadOwner(user.id)).to.equal(PAGE_INBOX);
  });

  it('the inbox replies as HUMAN_AGENT after 24 h, cannot reply after 7 days, and cannot hand back what it does not own', async () => {
    const user = sandbox.user();
    await user.say('hi');
    sandbox.clock.advance(30 * HOUR_MS);
    const late = await sandbox.inbox.reply(user.id, 'Sorry for the wait');
    expect(late).to.deep.include({
      author: 'agent',
      messagingType: 'MESSAGE_TAG',
      tag: 'HUMAN_AGENT',
      appId: PAGE_INBOX,
    });
    await sandbox.inbox.handBack(user.id);
    const notOwner = await sandbox.inbox.handBack(user.id).catch((e: unknown) => e);
    expect((notOwner as SandboxError).reason).to.equal('NOT_THREAD_OWNER');
    sandbox.clock.advance(7 * 24 * HOUR_MS);
    const closed = await sandbox.inbox.reply(user.id, 'Hello?').catch((e: unknown) => e);
    expect(closed).to.be.instanceOf(SandboxError);
    expect((closed as SandboxError).reason).to.equal('WINDOW_CLOSED');
    expect((closed as SandboxError).code).to.equal('MESSAGING_WINDOW_CLOSED');
  });

  it('routes Instagram through the Instagram Inbox (1217981644879628)', async () => {
    const user = sandbox.user(undefined, { platform: 'instagram' });
    await user.say('hi');
    const pass = await graph(sandbox, 'POST', '/me/pass_thread_control', {
      token: IG_TOKEN,
      body: { recipient: { id: user.id }, target_app_id: IG_INBOX },
    });
    expect(pass.status).to.equal(200);
    const toPageInbox = await graph(sandbox, 'POST', '/me/take_thread_control', {
      token: IG_TOKEN,
      body: { recipient: { id: user.id } },
    });
    expect(toPageInbox.status).to.equal(200);
    await sandbox.inbox.reply(user.id, 'IG agent here');
    await sandbox.idle();
    const echo = bot
      .events()
      .filter(({ event }) => (event.message as { is_echo?: boolean } | undefined)?.is_echo)
      .at(-1);
    expect(echo?.list).to.equal('standby');
    expect((defined(echo).event.message as { app_id: number }).app_id).to.equal(Number(IG_INBOX));
    expect(bot.received.at(-1)?.body.object).to.equal('instagram');
    expect(bot.events().some(({ event }) => 'delivery' in event)).to.equal(false);
  });
});

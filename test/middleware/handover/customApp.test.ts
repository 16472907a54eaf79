import type { TurnContext } from 'botbuilder';
import { expect } from 'chai';
import nock from 'nock';
import {
  answeringBot,
  CC_APP_ID,
  events,
  FB,
  Harness,
  IG,
  IG_INBOX,
  OUR_APP_ID,
  PAGE_INBOX,
  T0,
  USER_ID,
} from './helpers';

/** A bot that sends the event named in the person's message ("event:take_thread_control:value"). */
async function eventBot(context: TurnContext): Promise<void> {
  const text = context.activity.text ?? '';
  const match = /^event:([a-z_.]+)(?::(.*))?$/.exec(text);
  if (context.activity.type === 'message' && match) {
    const value =
      match[2] === undefined ? undefined : match[2].startsWith('{') ? JSON.parse(match[2]) : match[2];
    await context.sendActivity({ type: 'event', name: match[1], value });
    return;
  }
  await answeringBot(context);
}

describe('HandoverMiddleware: bot -> contact-centre app', () => {
  let h: Harness;

  afterEach(async () => {
    await h.close();
    nock.cleanAll();
  });

  it('passes handoff.initiate to the configured targetAppId and comes back when that app passes back', async () => {
    h = new Harness({ middleware: { targetAppId: CC_APP_ID } });
    await h.messaging(FB, events.text(FB, T0, 'talk to an agent'));
    expect(h.graph.calls[1]).to.deep.equal({
      path: '/me/pass_thread_control',
      body: {
        recipient: { id: USER_ID },
        target_app_id: CC_APP_ID,
        metadata: '{"skill":"billing","vip":true}',
      },
    });
    expect(h.statuses()).to.deep.equal([
      { value: { state: 'accepted' }, channelData: { trigger: 'pass', ownerAppId: CC_APP_ID } },
    ]);
    expect(await h.record(FB)).to.deep.equal({ appId: CC_APP_ID, human: true, since: T0 });

    // The contact centre's agent writes (echo with its app id, on standby): the thread stays theirs.
    h.now = T0 + 5000;
    await h.standby(FB, events.echo(FB, T0 + 5000, 'Hello from the support team', Number(CC_APP_ID)));
    expect(await h.record(FB)).to.deep.include({ appId: CC_APP_ID, agentAt: T0 + 5000 });

    h.now = T0 + 9000;
    await h.messaging(FB, events.pass(FB, T0 + 9000, CC_APP_ID, OUR_APP_ID));
    expect(h.statuses().map((s) => s.value)).to.deep.equal([{ state: 'accepted' }, { state: 'completed' }]);
    expect(h.graph.texts()).to.deep.equal(['Connecting you with a person.', 'Handoff completed.']);
    expect(h.errors).to.deep.equal([]);
  });

  it('carries out the .NET adapter events: pass_thread_control to an app id or "inbox", take, request, release', async () => {
    h = new Harness({ bot: eventBot });
    const send = (name: string, value?: unknown) => (context: TurnContext) =>
      context.sendActivity({ type: 'event', name, value }).then(() => undefined);
    await h.messaging(FB, events.text(FB, T0, `event:pass_thread_control:${CC_APP_ID}`));
    h.now = T0 + 1000;
    await h.proactive(FB, send('take_thread_control', 'back to the bot'));
    h.now = T0 + 2000;
    await h.messaging(FB, events.text(FB, T0 + 2000, 'event:pass_thread_control:inbox'));
    h.now = T0 + 3000;
    await h.proactive(FB, send('request_thread_control', { metadata: 'may I?' }));
    h.now = T0 + 4000;
    await h.messaging(FB, events.pass(FB, T0 + 4000, PAGE_INBOX, OUR_APP_ID));
    h.now = T0 + 5000;
    await h.messaging(FB, events.text(FB, T0 + 5000, 'event:release_thread_control:done'));

    expect(h.graph.calls.filter((call) => call.path !== '/me/messages')).to.deep.equal([
      { path: '/me/pass_thread_control', body: { recipient: { id: USER_ID }, target_app_id: CC_APP_ID } },
      { path: '/me/take_thread_control', body: { recipient: { id: USER_ID }, metadata: 'back to the bot' } },
      { path: '/me/pass_thread_control', body: { recipient: { id: USER_ID }, target_app_id: PAGE_INBOX } },
      { path: '/me/request_thread_control', body: { recipient: { id: USER_ID }, metadata: 'may I?' } },
      { path: '/me/release_thread_control', body: { recipient: { id: USER_ID }, metadata: 'done' } },
    ]);
    // A status raised in a proactive turn (the take) reaches the bot too: the adapter runs it with the
    // bot logic of the last webhook.
    expect(h.statuses().map((s) => [s.value, s.channelData])).to.deep.equal([
      [{ state: 'accepted' }, { trigger: 'pass', ownerAppId: CC_APP_ID }],
      [{ state: 'completed' }, { trigger: 'take' }],
      [{ state: 'accepted' }, { trigger: 'pass', ownerAppId: PAGE_INBOX }],
      [{ state: 'completed' }, { trigger: 'pass' }],
    ]);
    expect(await h.record(FB)).to.deep.equal({ appId: null, human: false, since: T0 + 5000 });
    expect(h.errors).to.deep.equal([]);
  });

  it('request_thread_control from the bot asks Graph and changes nothing until the owner passes', async () => {
    h = new Harness({ bot: eventBot });
    await h.messaging(FB, events.text(FB, T0, `event:pass_thread_control:${CC_APP_ID}`));
    // The bot (say, on a proactive turn) asks for the thread back.
    h.now = T0 + 1000;
    await h.proactive(FB, async (context) => {
      await context.sendActivity({
        type: 'event',
        name: 'request_thread_control',
        value: 'customer is waiting',
      });
      await context.sendActivity('Still there?');
    });
    expect(h.graph.calls.at(-1)).to.deep.equal({
      path: '/me/request_thread_control',
      body: { recipient: { id: USER_ID }, metadata: 'customer is waiting' },
    });
    expect(h.heldTexts().at(-1)).to.equal('Still there?');
    expect(await h.record(FB)).to.deep.include({ appId: CC_APP_ID });
  });

  it('rejects a pass_thread_control event that names no app id, before any Graph call', async () => {
    h = new Harness({ bot: eventBot });
    await h.messaging(FB, events.text(FB, T0, 'event:pass_thread_control:the-inbox'));
    expect(h.graph.calls).to.deep.equal([]);
    expect(h.errors).to.have.length(1);
    expect(h.errors[0]).to.include({ code: 'CONFIG_INVALID' });
    expect(String((h.errors[0] as Error).message)).to.match(/numeric Meta app id/);
  });

  it('uses the Instagram Inbox for pass_thread_control "inbox" on Instagram', async () => {
    h = new Harness({ bot: eventBot });
    await h.messaging(IG, events.text(IG, T0, 'event:pass_thread_control:inbox'));
    expect(h.graph.calls).to.deep.equal([
      { path: '/me/pass_thread_control', body: { recipient: { id: IG.userId }, target_app_id: IG_INBOX } },
    ]);
  });
});

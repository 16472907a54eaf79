import { expect } from 'chai';
import type { Sandbox } from '../../sandbox';
import type { SandboxSnapshot } from '../../sandbox/ui/snapshot';
import { graph, sendText, startPair } from './helpers';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

describe('sandbox send records (what the page shows next to each bot message)', () => {
  let sandbox: Sandbox;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ sandbox, close } = await startPair());
  });
  afterEach(async () => {
    await close();
  });

  const conversationOf = async (userId: string) => {
    const state = (await (await fetch(`${sandbox.url}/sandbox/api/state`)).json()) as SandboxSnapshot;
    const conversation = state.conversations.find((c) => c.user.id === userId);
    if (conversation === undefined) throw new Error('no conversation');
    return conversation;
  };

  it('records each send: sent with its rule and window, refused with the reason, rule, window and tag', async () => {
    const user = sandbox.user();
    await user.say('Where is my parcel?');
    const sent = await sendText(sandbox, user.id, 'It left the warehouse.');
    expect(sent.status).to.equal(200);

    sandbox.clock.advance(25 * HOUR);
    expect((await sendText(sandbox, user.id, 'Any news?')).status).to.equal(400);
    sandbox.clock.advance(7 * DAY);
    const late = await graph(sandbox, 'POST', '/me/messages', {
      body: {
        recipient: { id: user.id },
        messaging_type: 'MESSAGE_TAG',
        tag: 'HUMAN_AGENT',
        message: { text: 'Ana here, sorry.' },
      },
    });
    expect(late.status).to.equal(400);

    const conversation = await conversationOf(user.id);
    const records = conversation.sends.map(({ seq: _seq, at: _at, ...rest }) => rest);
    expect(records).to.deep.equal([
      {
        outcome: 'sent',
        mid: sent.body.message_id,
        messagingType: 'RESPONSE',
        rule: "standard messaging: up to 24 hours after the user's last message",
        windowState: 'open',
      },
      {
        outcome: 'refused',
        refusedBy: 'meta',
        rule: "standard messaging: up to 24 hours after the user's last message",
        reason: 'the 24-hour window is closed: only a HUMAN_AGENT-tagged reply written by a person may go out now.',
        detail:
          '(#10) This message is sent outside of allowed window. Learn more about the new policy here: https://developers.facebook.com/docs/messenger-platform/policy-overview',
        errorCode: '10/2018278',
        messagingType: 'RESPONSE',
        message: { text: 'Any news?' },
        windowState: 'human_agent',
      },
      {
        outcome: 'refused',
        refusedBy: 'meta',
        rule: "HUMAN_AGENT tag: a person's reply, up to 7 days after the user's last message",
        reason: 'the user last wrote more than 7 days ago (or never): nothing may go out until they write again.',
        detail:
          '(#10) This message is sent outside of allowed window. Learn more about the new policy here: https://developers.facebook.com/docs/messenger-platform/policy-overview',
        errorCode: '10/2018278',
        messagingType: 'MESSAGE_TAG',
        tag: 'HUMAN_AGENT',
        message: { text: 'Ana here, sorry.' },
        windowState: 'closed',
      },
    ]);
    // Refusals order among transcript entries by seq, and never enter the transcript itself.
    expect(conversation.transcript.map((entry) => entry.message?.text)).to.deep.equal([
      'Where is my parcel?',
      'It left the warehouse.',
    ]);
    expect(conversation.sends[1]!.seq).to.be.greaterThan(conversation.transcript[1]!.seq);
  });

  it('names the thread-control rule when the Inbox owns the thread', async () => {
    const user = sandbox.user();
    await user.say('hi');
    await sandbox.inbox.takeOver(user.id);
    expect((await sendText(sandbox, user.id, 'Bot here')).status).to.equal(400);
    const [record] = (await conversationOf(user.id)).sends;
    expect([record?.outcome, record?.rule, record?.reason, record?.errorCode]).to.deep.equal([
      'refused',
      'thread control: only the app that owns the thread may send',
      'another app (the Inbox) owns the thread: the bot may send again once the thread is handed back.',
      '2018300',
    ]);
  });

  it('gives each user added with "+ new" another name, and shows them in the state at once', async () => {
    const names: string[] = [];
    for (let index = 0; index < 3; index++) {
      const created = await fetch(`${sandbox.url}/sandbox/api/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ platform: 'messenger' }),
      });
      const { result } = (await created.json()) as { result: { id: string } };
      names.push((await conversationOf(result.id)).user.name);
    }
    expect(names).to.deep.equal(['Sam Lee', 'Priya Shah', 'Mateo Garcia']);
  });

  it('quotes texts in log summaries without JSON escapes', async () => {
    const user = sandbox.user();
    await user.say('He said "hi"\nthen left');
    const summaries = sandbox.log.map((entry) => entry.summary);
    expect(summaries).to.include('messaging: message "He said "hi" then left"');
    expect(summaries.join('\n')).to.not.contain('\\"');
  });
});

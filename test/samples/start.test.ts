import { expect } from 'chai';
import { memoryOwnerLog } from '../../samples/common/ownerLog';
import { SANDBOX_AGENT_DESK_TOKEN, startContactCentre } from '../../samples/start';
import type { SandboxSnapshot } from '../../sandbox/ui/snapshot';

const HOUR = 60 * 60 * 1000;

describe('samples/start (npm start)', () => {
  it('without credentials runs the contact-centre bot against the sandbox, sharing its clock', async () => {
    const log = memoryOwnerLog();
    const lines: string[] = [];
    const started = await startContactCentre({
      env: { PORT: '0', SANDBOX_PORT: '0' },
      log,
      print: (line) => lines.push(line),
    });
    const sandbox = started.sandbox!;
    const settle = async () => {
      await sandbox.idle();
      await started.bot.adapter.whenIdle();
    };
    try {
      expect(started.mode).to.equal('sandbox');
      expect(lines.join('\n')).to.contain(`open ${sandbox.url}`);

      // Get Started (set up by the sample), the welcome, then a handoff to the Page Inbox and back.
      const user = sandbox.user();
      await user.postback('GET_STARTED');
      expect((await user.nextReply()).text).to.equal(
        "Hi! I'm Acme's assistant. I can track your order, or put you through to a person.",
      );
      await user.say('Talk to a person');
      expect((await user.nextReply()).text).to.equal(
        'Connecting you with a person. They will answer here, usually within minutes.',
      );
      await settle();
      expect(sandbox.threadOwner(user.id)).to.equal('263902037430900');
      await sandbox.inbox.reply(user.id, 'Hi, this is Ana. Let me check.');
      await sandbox.inbox.handBack(user.id);
      await settle();
      const back = await sandbox.waitFor({
        userId: user.id,
        text: "I'm back. Is there anything else I can help with?",
      });
      expect(back.body.messaging_type).to.equal('UPDATE');

      // 25 hours later (sandbox clock): a person's reply through the agent desk goes out tagged HUMAN_AGENT.
      sandbox.clock.advance(25 * HOUR);
      const desk = started.bot.webhookUrl.replace('/api/messages', '/agent/messages');
      const reply = (text: string) =>
        fetch(desk, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${SANDBOX_AGENT_DESK_TOKEN}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ conversationId: `${user.id}-370873143344730`, text }),
        });
      expect((await reply('Ana again: your refund was approved.')).status).to.equal(200);
      const tagged = await sandbox.waitFor({ userId: user.id, text: 'Ana again: your refund was approved.' });
      expect([tagged.body.messaging_type, tagged.body.tag]).to.deep.equal(['MESSAGE_TAG', 'HUMAN_AGENT']);

      // 8 days after the user's last message nothing may go out: the owner's log gets it instead.
      sandbox.clock.advance(7 * 24 * HOUR);
      expect((await reply('Anything else?')).status).to.equal(409);
      await settle();
      expect(log.entries.map((entry) => entry.event)).to.include.members([
        'handoff accepted',
        'handoff completed',
        'window closed: message not delivered, follow up another way',
      ]);
      expect(sandbox.sent({ userId: user.id, text: 'Anything else?' })).to.deep.equal([]);
      // ...and the sandbox page shows it where it would have been, with the reason.
      const state = (await (await fetch(`${sandbox.url}/sandbox/api/state`)).json()) as SandboxSnapshot;
      const refused = state.conversations
        .find((conversation) => conversation.user.id === user.id)
        ?.sends.filter((record) => record.outcome === 'refused');
      expect(
        refused?.map((record) => [record.refusedBy, record.message, record.tag, record.windowState, record.reason]),
      ).to.deep.equal([
        [
          'bot',
          { text: 'Anything else?' },
          'HUMAN_AGENT',
          'closed',
          "the user last wrote more than 7 days ago: the bot's MessagingWindowMiddleware stopped it before Meta; nothing may go out until they write again.",
        ],
      ]);
    } finally {
      await started.close();
    }
  });
});

import { expect } from 'chai';
import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../sandbox/sandbox';
import type { SandboxSnapshot } from '../../sandbox/ui/snapshot';
import { PAGE_INBOX_APP_ID } from '../../adapter/platform';
import { launch, start } from '../../samples/agents';
import { memoryOwnerLog } from '../../samples/common/ownerLog';
import { packagesLoadedBy } from '../helpers/loadedPackages';
import type { RunningSample } from '../../samples/common/server';
import type { MessengerAgentsAdapter } from '../../adapter/agents';

const SETTINGS = {
  appSecret: 'agents-sample-secret',
  verifyToken: 'agents-sample-verify',
  appId: '1517776481860111',
  accessToken: 'agents-sample-token',
};
const PAGE_ID = '370873143344730';

describe('samples/agents (Agents SDK AgentApplication) against the sandbox', () => {
  let sandbox: Sandbox;
  let running: RunningSample<MessengerAgentsAdapter>;
  const log = memoryOwnerLog();

  beforeEach(async () => {
    sandbox = await startSandbox({
      appSecret: SETTINGS.appSecret,
      verifyToken: SETTINGS.verifyToken,
      appId: SETTINGS.appId,
      pages: [{ id: PAGE_ID, token: SETTINGS.accessToken, instagram: { id: '17841400000000001' } }],
    });
    running = await start({ ...SETTINGS, graphApiUrl: sandbox.graphApiUrl, now: sandbox.clock.now, port: 0, host: '127.0.0.1', log });
    await sandbox.subscribe(running.webhookUrl);
  });
  afterEach(async () => {
    await running.close();
    await sandbox.close();
  });

  it('prompts with quick replies and reads the tap back as the answer', async () => {
    const user = sandbox.user();
    await user.say('colour');
    const prompt = await user.nextReply();
    expect(prompt.body.message).to.deep.equal({
      text: 'Which colour do you like?',
      quick_replies: ['red', 'green', 'blue'].map((c) => ({ content_type: 'text', title: c, payload: c })),
    });
    await user.tapQuickReply('green');
    expect((await user.nextReply()).text).to.equal('green it is.');
  });

  it('hands over to the Page Inbox, holds the bot meanwhile, and says it is back when the Inbox hands back', async () => {
    const user = sandbox.user();
    await user.say('agent');
    expect((await user.nextReply()).text).to.equal('Connecting you with a person...');
    await running.adapter.whenIdle();
    expect(sandbox.threadOwner(user.id)).to.equal(PAGE_INBOX_APP_ID);
    await sandbox.inbox.handBack(user.id);
    expect((await user.nextReply()).text).to.equal("I'm back. Anything else I can do?");
    expect(log.entries.filter((entry) => entry.level === 'error')).to.deep.equal([]);
  });

  it('answers on Instagram too', async () => {
    const user = sandbox.user(undefined, { platform: 'instagram' });
    await user.say('hello');
    expect((await user.nextReply()).text).to.equal('You said: hello. Try "colour" or "agent".');
  });
});

describe('samples/agents as `npm run agents` runs it', () => {
  const NO_PORTS = { PORT: '0', SANDBOX_PORT: '0' };
  const HOUR = 60 * 60 * 1000;

  it('runs against the sandbox without credentials, and the page shows what its window middleware stops', async () => {
    const lines: string[] = [];
    const started = await launch(NO_PORTS, memoryOwnerLog(), (line) => lines.push(line));
    try {
      expect(started.mode).to.equal('sandbox');
      const sandbox = started.sandbox!; // sandbox mode always has one
      expect(lines.join('\n')).to.contain(`Messenger sandbox: open ${sandbox.url}`);
      expect(lines.join('\n')).to.contain('Type "colour" and tap a quick reply');
      const user = sandbox.user();
      await user.say('agent');
      expect((await user.nextReply()).text).to.equal('Connecting you with a person...');
      await started.bot.adapter.whenIdle();
      sandbox.clock.advance(25 * HOUR); // the Inbox's control lapses with the window: it takes over again
      await sandbox.inbox.takeOver(user.id);
      await sandbox.inbox.handBack(user.id);
      await started.bot.adapter.whenIdle();
      const state = (await (await fetch(`${sandbox.url}/sandbox/api/state`)).json()) as SandboxSnapshot;
      const sends = state.conversations.find((conversation) => conversation.user.id === user.id)?.sends ?? [];
      const refusal = sends.find((record) => record.outcome === 'refused');
      expect(refusal).to.include({ refusedBy: 'bot', messagingType: 'RESPONSE' });
      expect(refusal).to.deep.include({
        reason:
          "the 24-hour window is closed, so the bot's MessagingWindowMiddleware stopped this automated message before " +
          "Meta (a person's reply may still go out, tagged HUMAN_AGENT).",
        message: { text: "I'm back. Anything else I can do?" },
        windowState: 'human_agent',
      });
    } finally {
      await started.close();
    }
  });

  it('refuses a half-filled .env, naming the missing variables and the sample', async () => {
    let error: unknown;
    await launch({ ...NO_PORTS, MESSENGER_PAGE_TOKEN: 't' }, memoryOwnerLog(), () => {}).catch((e: unknown) => {
      error = e;
    });
    expect((error as Error).message).to.equal(
      'MESSENGER_PAGE_TOKEN is set but MESSENGER_APP_SECRET and MESSENGER_VERIFY_TOKEN are missing. To serve the ' +
        'real webhook, fill them in (see samples/agents/.env.example); to try the local sandbox instead, empty ' +
        'MESSENGER_PAGE_TOKEN.',
    );
  });

  it('never loads botbuilder (only the Agents SDK)', function () {
    this.timeout(60_000);
    const loaded = packagesLoadedBy('samples/agents/index.ts');
    expect(loaded.some((name) => name.startsWith('@microsoft/agents-hosting'))).to.equal(true);
    expect(loaded.filter((name) => /^(botbuilder|botframework-)/.test(name))).to.deep.equal([]);
  });
});

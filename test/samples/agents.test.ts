import { expect } from 'chai';
import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../sandbox/sandbox';
import { PAGE_INBOX_APP_ID } from '../../adapter/platform';
import { start } from '../../samples/agents';
import { memoryOwnerLog } from '../../samples/common/ownerLog';
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

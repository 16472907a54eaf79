/**
 * End to end, in a real browser: Debian's Chromium (never a downloaded one) driven by playwright-core
 * opens the local Messenger sandbox's page while `npm start`'s contact-centre bot runs against it,
 * in-process, on loopback ports picked by the OS. The user chats on the phone pane, a human agent
 * answers from the Page Inbox pane, and the sandbox clock jumps 25 hours: the bot's message is then
 * stopped before it reaches Meta, while the people's replies go out (tagged HUMAN_AGENT).
 *
 * Each step is checked on the page (the `data-testid` hooks) and through the sandbox's API, and
 * leaves a screenshot in `artifacts/e2e/` (git-ignored). The steps share one browser page and run
 * in order; a failed step stops the scenario (see stopAfterFailedStep) and gets its own screenshot.
 *
 * Without /usr/bin/chromium the suite is pending, unless `CI` is set (`.ci/run` installs it).
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, Locator, Page } from 'playwright-core';
import { PAGE_INBOX_APP_ID } from '../../adapter/platform';
import { memoryOwnerLog } from '../../samples/common/ownerLog';
import { type NpmStart, SANDBOX_AGENT_DESK_TOKEN, startContactCentre } from '../../samples/start';
import type { Sandbox, SandboxUser } from '../../sandbox';
import { LOCAL_SETTINGS } from '../../sandbox/local';
import { CHROMIUM, describeInChromium, launchChromium } from './chromium';
import { stopAfterFailedStep } from './scenarioSteps';

const ARTIFACTS = path.resolve(__dirname, '..', '..', 'artifacts', 'e2e');
const HOUR = 60 * 60 * 1000;
/** Longest wait for one thing to appear on the page (real ms); the whole suite takes a few seconds. */
const STEP_TIMEOUT_MS = 10_000;

const WELCOME = 'I can track your order, or put you through to a person.';
const TRACKING = 'Order A-1042 left our warehouse yesterday. It should arrive on Thursday.';
const CONNECTING = 'Connecting you with a person. They will answer here, usually within minutes.';
const BACK = "I'm back. Is there anything else I can help with?";
const AGENT_FIRST = 'Hi, this is Ana from Acme. Let me look at your order.';
const AGENT_LATE = 'Ana again: your parcel is at the local depot.';
const DESK_LATE = 'Ana from the desk: the courier will call you tomorrow.';

const SUITE = 'sandbox web page in a real browser (contact-centre bot)';

describeInChromium(SUITE, function () {
  this.timeout(30_000);

  const log = memoryOwnerLog();
  const banner: string[] = [];
  const pageErrors: string[] = [];
  let started: NpmStart;
  let sandbox: Sandbox;
  let user: SandboxUser;
  let browser: Browser | undefined;
  let page: Page;
  let shot = 0;

  const byTestId = (id: string) => page.getByTestId(id);
  /** The phone's or the inbox's message bubbles by author, containing `text`. */
  const message = (pane: 'phone' | 'inbox', author: 'user' | 'bot' | 'agent', text: string): Locator =>
    page.locator(`[data-testid="${pane}-message"][data-author="${author}"]`).filter({ hasText: text });
  /** Waits until `locator` is on the page. */
  const appears = (locator: Locator) => locator.first().waitFor({ state: 'visible' });
  /**
   * Every queued webhook delivered and every bot turn finished (a turn's sends queue echoes and
   * deliveries, which start more turns: a few rounds reach the fixed point).
   */
  const settle = async () => {
    for (let round = 0; round < 3; round += 1) {
      await sandbox.idle();
      await started.bot.adapter.whenIdle();
    }
  };
  /** Waits until the page shows the whole transcript the sandbox holds (the page is up to date). */
  const pageCaughtUp = async () => {
    const count = user.transcript().length;
    await byTestId('phone-message')
      .nth(count - 1)
      .waitFor({ state: 'attached' });
    expect(await byTestId('phone-message').count()).to.equal(count);
  };
  const screenshot = async (name: string) => {
    shot += 1;
    await page.screenshot({ path: path.join(ARTIFACTS, `${String(shot).padStart(2, '0')}-${name}.png`) });
  };
  /** No action failed on the page (it shows failures as a toast) and its script raised no error. */
  const pageIsClean = async () => {
    const toast = byTestId('toast');
    expect(await toast.isHidden(), (await toast.textContent()) ?? '').to.equal(true);
    expect(pageErrors).to.deep.equal([]);
  };
  const userEntry = (text: string) =>
    user.transcript().find((entry) => entry.author === 'user' && entry.message?.text === text);
  const agentEntry = (text: string) =>
    user.transcript().find((entry) => entry.author === 'agent' && entry.message?.text === text);
  const events = () => log.entries.map((entry) => entry.event);

  before(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium).`);
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    for (const file of readdirSync(ARTIFACTS)) {
      if (file.endsWith('.png')) rmSync(path.join(ARTIFACTS, file)); // last run's screenshots
    }
    started = await startContactCentre({
      env: { PORT: '0', SANDBOX_PORT: '0' },
      log,
      print: (line) => banner.push(line),
    });
    sandbox = started.sandbox!;
    user = sandbox.user();
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (entry) => {
      if (entry.type() === 'error') pageErrors.push(entry.text());
    });
  });

  stopAfterFailedStep(async () => {
    await page?.screenshot({ path: path.join(ARTIFACTS, 'failure.png') });
  });

  after(async () => {
    await browser?.close();
    await started?.close();
  });

  it('serves the page on loopback with the bot subscribed and the Get Started button', async () => {
    expect(sandbox.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(started.bot.webhookUrl).to.match(/^http:\/\/127\.0\.0\.1:\d+\/api\/messages$/);
    expect(banner.join('\n')).to.contain(`open ${sandbox.url}`);

    await page.goto(sandbox.url);
    await appears(byTestId('webhook-status').filter({ hasText: `bot: ${started.bot.webhookUrl}` }));
    await appears(byTestId('get-started'));
    expect(await byTestId('user-select').inputValue()).to.equal(user.id);
    expect(await byTestId('platform-messenger').getAttribute('aria-pressed')).to.equal('true');
    expect(await byTestId('inbox-owner').textContent()).to.equal('Thread idle (bot is the default app)');
    await screenshot('page-open');
  });

  it('"hi": the bot answers with its menu as quick replies', async () => {
    await byTestId('phone-input').fill('hi');
    await byTestId('phone-send').click();

    await appears(message('phone', 'user', 'hi'));
    await appears(message('phone', 'bot', WELCOME));
    await appears(byTestId('quick-reply'));
    expect(await byTestId('quick-reply').allTextContents()).to.deep.equal([
      'Track my order',
      'Talk to a person',
    ]);
    expect(await byTestId('quick-reply').first().getAttribute('data-payload')).to.equal('Track my order');
    await appears(message('inbox', 'bot', WELCOME));

    const sent = await sandbox.waitFor({ userId: user.id, text: WELCOME });
    expect(sent.body.messaging_type).to.equal('RESPONSE');
    expect((sent.body.message as { quick_replies?: unknown }).quick_replies).to.deep.equal([
      { content_type: 'text', title: 'Track my order', payload: 'Track my order' },
      { content_type: 'text', title: 'Talk to a person', payload: 'Talk to a person' },
    ]);
    // A user message in an idle thread makes the bot (the Page's default app) its owner.
    await appears(byTestId('inbox-owner').filter({ hasText: 'Bot owns the thread' }));
    expect(sandbox.threadOwner(user.id)).to.equal(LOCAL_SETTINGS.appId);
    await pageIsClean();
    await screenshot('hi-quick-replies');
  });

  it('tapping a quick reply sends its payload and the bot answers it', async () => {
    await byTestId('quick-reply').filter({ hasText: 'Track my order' }).click();

    await appears(message('phone', 'bot', TRACKING));
    expect(userEntry('Track my order')?.message?.quick_reply).to.deep.equal({ payload: 'Track my order' });
    const sent = await sandbox.waitFor({ userId: user.id, text: TRACKING });
    expect(sent.body.messaging_type).to.equal('RESPONSE');
    await appears(byTestId('quick-reply').filter({ hasText: 'Talk to a person' }));
    await pageIsClean();
    await screenshot('quick-reply-tapped');
  });

  it('asking for a person hands the thread to the Page Inbox', async () => {
    await byTestId('phone-input').fill('Can I talk to a person, please?');
    await byTestId('phone-send').click();

    await appears(message('phone', 'bot', CONNECTING));
    await appears(byTestId('inbox-owner').filter({ hasText: 'Inbox owns the thread' }));
    await appears(byTestId('log-entry').filter({ hasText: 'pass_thread_control' }));
    expect(await byTestId('inbox-handback').isEnabled()).to.equal(true);
    expect(await byTestId('inbox-take').isDisabled()).to.equal(true);

    await settle();
    expect(sandbox.threadOwner(user.id)).to.equal(PAGE_INBOX_APP_ID);
    const pass = sandbox.log.find(
      (entry) => entry.kind === 'graph' && entry.path?.endsWith('/pass_thread_control'),
    );
    expect(pass?.status).to.equal(200);
    const passed = (pass?.request as { body?: { target_app_id?: string } } | undefined)?.body;
    expect(passed?.target_app_id).to.equal(PAGE_INBOX_APP_ID);
    expect(events()).to.include('handoff accepted');
    await pageIsClean();
    await screenshot('handed-over');
  });

  it('while the Inbox owns the thread, the user writes and the bot stays quiet (standby)', async () => {
    const sentBefore = sandbox.sent({ userId: user.id }).length;
    await byTestId('phone-input').fill("Thanks, I'll wait.");
    await byTestId('phone-send').click();

    await appears(message('inbox', 'user', "Thanks, I'll wait."));
    await appears(byTestId('log-entry').filter({ hasText: 'standby: message "Thanks, I\'ll wait."' }));
    await settle();
    expect(userEntry("Thanks, I'll wait.")).to.not.equal(undefined);
    expect(sandbox.sent({ userId: user.id })).to.have.length(sentBefore);
    await pageCaughtUp();
    await pageIsClean();
    await screenshot('standby');
  });

  it('the human agent replies from the Inbox pane and the user sees it', async () => {
    await byTestId('inbox-input').fill(AGENT_FIRST);
    await byTestId('inbox-send').click();

    await appears(message('inbox', 'agent', AGENT_FIRST));
    await appears(message('phone', 'agent', AGENT_FIRST));
    const entry = agentEntry(AGENT_FIRST);
    expect(entry?.appId).to.equal(PAGE_INBOX_APP_ID);
    expect([entry?.messagingType, entry?.tag]).to.deep.equal(['RESPONSE', undefined]);
    expect(await message('inbox', 'agent', AGENT_FIRST).locator('.tag').count()).to.equal(0);
    await pageIsClean();
    await screenshot('agent-reply');
  });

  it('+25 h: the 24-hour window closes on the page and in the sandbox clock', async () => {
    const before = sandbox.clock.now();
    await byTestId('clock-plus-25h').click();

    await appears(byTestId('inbox-window').filter({ hasText: '24 h passed: HUMAN_AGENT only' }));
    await appears(byTestId('clock-offset').filter({ hasText: '+1 d 1 h' }));
    expect(sandbox.clock.offsetMs).to.equal(25 * HOUR);
    expect(sandbox.clock.now() - before).to.be.at.least(25 * HOUR);
    await pageIsClean();
    await screenshot('plus-25h');
  });

  it("after 24 h the agent's reply from the Inbox pane goes out tagged HUMAN_AGENT", async () => {
    await byTestId('inbox-input').fill(AGENT_LATE);
    await byTestId('inbox-send').click();

    const bubble = message('inbox', 'agent', AGENT_LATE);
    await appears(bubble);
    await appears(bubble.locator('.tag').filter({ hasText: 'HUMAN_AGENT' }));
    await appears(message('phone', 'agent', AGENT_LATE));
    const entry = agentEntry(AGENT_LATE);
    expect([entry?.messagingType, entry?.tag]).to.deep.equal(['MESSAGE_TAG', 'HUMAN_AGENT']);
    await pageIsClean();
    await screenshot('agent-reply-tagged');
  });

  it('handed back after 24 h, the bot is blocked: its message never reaches the Send API', async () => {
    const graphCallsBefore = sandbox.log.filter((entry) => entry.kind === 'graph').length;
    await byTestId('inbox-handback').click();

    await appears(byTestId('inbox-owner').filter({ hasText: 'Bot owns the thread' }));
    await settle();
    expect(events()).to.include.members([
      'handoff completed',
      'window closed: message not delivered, follow up another way',
    ]);
    const closed = log.entries.find((entry) => entry.event.startsWith('window closed'));
    expect(closed?.fields.conversation).to.equal(user.conversationId);
    // Stopped by the bot's own middleware: not sent, and not even tried (no refused Graph call).
    expect(sandbox.sent({ userId: user.id, text: BACK })).to.deep.equal([]);
    const graphCalls = sandbox.log.filter((entry) => entry.kind === 'graph').slice(graphCallsBefore);
    expect(graphCalls.filter((entry) => entry.path?.endsWith('/messages'))).to.deep.equal([]);
    expect(graphCalls.filter((entry) => (entry.status ?? 0) >= 400)).to.deep.equal([]);

    await pageCaughtUp();
    expect(await message('phone', 'bot', BACK).count()).to.equal(0);
    await pageIsClean();
    await screenshot('bot-blocked');
  });

  it("after 24 h a person's reply through the bot (agent desk) is sent as MESSAGE_TAG HUMAN_AGENT", async () => {
    const desk = started.bot.webhookUrl.replace(/\/api\/messages$/, '/agent/messages');
    const response = await fetch(desk, {
      method: 'POST',
      headers: { authorization: `Bearer ${SANDBOX_AGENT_DESK_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ conversationId: user.conversationId, text: DESK_LATE }),
    });
    expect(response.status).to.equal(200);

    const sent = await sandbox.waitFor({ userId: user.id, text: DESK_LATE });
    expect([sent.body.messaging_type, sent.body.tag]).to.deep.equal(['MESSAGE_TAG', 'HUMAN_AGENT']);
    await appears(message('phone', 'bot', DESK_LATE));
    await appears(message('inbox', 'bot', DESK_LATE).locator('.tag').filter({ hasText: 'HUMAN_AGENT' }));
    // Still nothing from the bot itself.
    expect(sandbox.sent({ userId: user.id, text: BACK })).to.deep.equal([]);
    await pageIsClean();
    await screenshot('agent-desk-tagged');
  });
});

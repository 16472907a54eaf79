/**
 * The sandbox page's fixes, in Debian's Chromium with `npm start`'s contact-centre bot: "+ new" shows
 * the new user at once under a name of its own, refused messages leave a trace with the reason
 * (in the transcript, under the Reply box, on Enter), times carry dates once the day differs, the
 * agent desk's replies are labelled as the agent's, the transcript is updated in place (a broken
 * image is fetched once, not on every update), and the layout works at 1440, 1024 x 800 and 390 px.
 *
 * Screenshots go to `artifacts/e2e-page/` (git-ignored). The steps share one page and run in order;
 * a failed step stops the scenario (see stopAfterFailedStep).
 *
 * Without /usr/bin/chromium the suite is pending, unless `CI` is set.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { memoryOwnerLog } from '../../samples/common/ownerLog';
import { type NpmStart, SANDBOX_AGENT_DESK_TOKEN, startContactCentre } from '../../samples/start';
import type { Sandbox, SandboxUser } from '../../sandbox';
import { LOCAL_SETTINGS } from '../../sandbox/local';
import { appSecretProofOf } from '../../sandbox/webhook/serialize';
import { describeInChromium, launchChromium } from './chromium';
import { stopAfterFailedStep } from './scenarioSteps';

const ARTIFACTS = path.resolve(__dirname, '..', '..', 'artifacts', 'e2e-page');
const HOUR = 60 * 60 * 1000;
const SUITE = 'sandbox page fixes in a real browser (new users, refusals, dates, layout)';
const BROKEN_IMAGE = '/sandbox/media/shop/no-such-picture.png';

type Box = { x: number; y: number; width: number; height: number };

describeInChromium(SUITE, function () {
  this.timeout(30_000);

  let started: NpmStart;
  let sandbox: Sandbox;
  let user: SandboxUser;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];
  const brokenImageRequests: string[] = [];

  const byTestId = (id: string) => page.getByTestId(id);
  const settle = async () => {
    for (let round = 0; round < 3; round += 1) {
      await sandbox.idle();
      await started.bot.adapter.whenIdle();
    }
  };
  const screenshot = (name: string, fullPage = false) =>
    page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage });
  const box = async (testid: string): Promise<Box> => {
    const found = await byTestId(testid).boundingBox();
    if (found === null) throw new Error(`${testid} is not visible`);
    return found;
  };
  const deskReply = (text: string) =>
    fetch(started.bot.webhookUrl.replace('/api/messages', '/agent/messages'), {
      method: 'POST',
      headers: { authorization: `Bearer ${SANDBOX_AGENT_DESK_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ conversationId: `${user.id}-${LOCAL_SETTINGS.pageId}`, text }),
    });
  /** A Send API call as the bot makes it (so Meta's side, not the bot, judges it). */
  const sendAsBot = (message: Record<string, unknown>) =>
    fetch(
      `${sandbox.graphApiUrl}/v27.0/me/messages?access_token=${LOCAL_SETTINGS.accessToken}&appsecret_proof=${appSecretProofOf(LOCAL_SETTINGS.appSecret, LOCAL_SETTINGS.accessToken)}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ recipient: { id: user.id }, messaging_type: 'RESPONSE', message }),
      },
    );

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    for (const file of readdirSync(ARTIFACTS)) {
      if (file.endsWith('.png')) rmSync(path.join(ARTIFACTS, file));
    }
    started = await startContactCentre({ env: { PORT: '0', SANDBOX_PORT: '0' }, log: memoryOwnerLog(), print: () => {} });
    sandbox = started.sandbox!;
    user = sandbox.user();
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (entry) => {
      // The broken picture is meant to fail to load; anything else is a page error.
      if (entry.type() === 'error' && !entry.location().url.endsWith(BROKEN_IMAGE)) pageErrors.push(entry.text());
    });
    page.on('request', (request) => {
      if (request.url().endsWith(BROKEN_IMAGE)) brokenImageRequests.push(request.url());
    });
    await page.goto(sandbox.url);
    await byTestId('get-started').waitFor();
  });

  stopAfterFailedStep(() => screenshot('failure'));
  after(async () => {
    await browser?.close();
    await started?.close();
  });

  it('"+ new" shows the new user at once, each under another name', async () => {
    const before = await byTestId('user-select').locator('option').count();
    await byTestId('user-new').click();
    // Shown at once (not at the next change the event stream would bring).
    await page.getByTestId('phone-user').filter({ hasText: 'Sam Lee' }).waitFor({ timeout: 2000 });
    await byTestId('user-new').click();
    await page.getByTestId('phone-user').filter({ hasText: 'Priya Shah' }).waitFor({ timeout: 2000 });
    const labels = await byTestId('user-select').locator('option').allTextContents();
    expect(labels).to.have.length(before + 2);
    expect(new Set(labels.map((label) => label.split(' (')[0])).size).to.equal(labels.length);
    await byTestId('user-select').selectOption(user.id);
    await page.getByTestId('phone-user').filter({ hasText: 'Jordan Rivera' }).waitFor();
  });

  it('labels the agent desk reply as the agent in the Inbox, not as the bot', async () => {
    await byTestId('phone-input').fill('Where is my order?');
    await byTestId('phone-input').press('Enter');
    await page.locator('[data-testid="phone-message"][data-author="bot"]').first().waitFor();
    await settle();
    // A picture whose URL is broken: the page must not fetch it again on every update.
    expect((await sendAsBot({ attachment: { type: 'image', payload: { url: `${sandbox.url}${BROKEN_IMAGE}` } } })).status).to.equal(200);
    expect((await deskReply('Ana here: it ships today.')).status).to.equal(200);
    const desk = page.locator('[data-testid="inbox-message"][data-sender="agent"]').filter({ hasText: 'Ana here' });
    await desk.waitFor();
    expect(await desk.locator('.who').textContent()).to.equal("Agent (through the bot's app)");
    const bot = page.locator('[data-testid="inbox-message"][data-sender="bot"]').first();
    expect(await bot.locator('.who').textContent()).to.equal('Bot');
  });

  it('shows dates on messages of another day once the clock moves', async () => {
    await settle();
    await byTestId('clock-plus-25h').click();
    await page.getByTestId('clock-offset').filter({ hasText: '+1 d 1 h' }).waitFor();
    await user.say('Any news?');
    await settle();
    await page.locator('[data-testid="phone-message"]').filter({ hasText: 'Any news?' }).waitFor();
    const stamps = await page.locator('[data-testid="phone-message"] .meta .when').allTextContents();
    const first = stamps[0] ?? '';
    const last = stamps.at(-1) ?? '';
    const day = new Date(sandbox.clock.now() - 25 * HOUR).toLocaleDateString('en-US', { day: 'numeric' });
    expect(first, `the first message: ${first}`).to.match(new RegExp(`\\b${day}, \\d{1,2}:\\d{2}`));
    expect(last, `the newest message: ${last}`).to.match(/^\d{1,2}:\d{2}\s?[AP]M$/);
    await screenshot('1440-dates');
  });

  it('the compliance report: a tagged message shows the window, the rule and the tag it went out under', async () => {
    await byTestId('clock-plus-25h').click();
    await page.getByTestId('clock-offset').filter({ hasText: '+2 d 2 h' }).waitFor();
    // 25 h after the user's last message: the person's reply goes out tagged HUMAN_AGENT.
    expect((await deskReply('Ana: it left the warehouse.')).status).to.equal(200);
    const desk = page.locator('[data-testid="inbox-message"][data-sender="agent"]').filter({ hasText: 'it left the warehouse' });
    await desk.waitFor();
    const note = byTestId('compliance-note').last();
    await note.waitFor();
    expect(await note.textContent()).to.equal(
      "Sent as MESSAGE_TAG + HUMAN_AGENT. Rule: HUMAN_AGENT tag: a person's reply, up to 7 days after the user's " +
        "last message. Window: HUMAN_AGENT only (24 h to 7 d).",
    );
    await screenshot('1440-compliance');
  });

  it('+8 d: the refused messages show with their reason, and the Reply box says why it is disabled', async () => {
    await byTestId('clock-plus-8d').click();
    await page.getByTestId('inbox-window').filter({ hasText: 'more than 7 days' }).waitFor();
    // Refused by the bot itself (its window middleware), then by Meta's side.
    expect((await deskReply('Ana again: any questions?')).status).to.equal(409);
    expect((await sendAsBot({ text: 'Reminder: your parcel is waiting.' })).status).to.equal(400);
    const byBot = byTestId('inbox-refusal').filter({ hasText: 'Ana again' });
    await byBot.waitFor();
    expect(await byBot.getByTestId('refusal-reason').textContent()).to.contain(
      "Not delivered. The bot did not send it: the user last wrote more than 7 days ago: the bot's MessagingWindowMiddleware stopped it before Meta",
    );
    const byMeta = byTestId('inbox-refusal').filter({ hasText: 'Reminder' });
    await byMeta.waitFor();
    const metaReason = (await byMeta.getByTestId('refusal-reason').textContent()) ?? '';
    expect(metaReason).to.contain('Not delivered. Meta refused it (10/2018278): the user last wrote more than 7 days ago');
    expect(metaReason).to.contain("Rule: standard messaging: up to 24 hours after the user's last message.");
    expect(await byTestId('phone-refusal').count()).to.equal(2);

    const note = byTestId('inbox-reply-note');
    expect(await note.isVisible()).to.equal(true);
    expect(await note.textContent()).to.match(/^Reply is disabled: the user last wrote .+, more than 7 days ago\./);
    await byTestId('inbox-input').fill('Hello?');
    await byTestId('inbox-input').press('Enter');
    await page.getByTestId('toast').filter({ hasText: 'Reply is disabled' }).waitFor();
    expect(await byTestId('inbox-input').inputValue()).to.equal('Hello?');
    expect(sandbox.sent({ text: 'Hello?' })).to.deep.equal([]);
    await screenshot('1440-refusals');
    const topbar = await page.locator('header.topbar').boundingBox();
    expect(topbar?.height, 'the 1440 px header stays on one line with the clock offset').to.be.below(60);
  });

  it('updates the transcript in place: the broken picture was fetched once per pane, not per update', () => {
    expect(brokenImageRequests.length).to.be.within(1, 2);
  });

  it('at 1024 x 800 the phone and the Inbox sit side by side, and the phone shows several messages', async () => {
    await page.setViewportSize({ width: 1024, height: 800 });
    await page.waitForTimeout(200);
    const phone = await box('phone');
    const inbox = await box('inbox');
    expect(Math.abs(phone.y - inbox.y), 'same row').to.be.below(60);
    expect(phone.x + phone.width).to.be.at.most(inbox.x);
    const transcript = await box('phone-transcript');
    expect(transcript.height).to.be.at.least(250);
    let visible = 0;
    for (const item of await page.locator('[data-testid="phone-transcript"] > *').all()) {
      const rect = await item.boundingBox();
      if (rect && rect.y >= transcript.y - 1 && rect.y + rect.height <= transcript.y + transcript.height + 1)
        visible += 1;
    }
    expect(visible, 'messages fully visible on the phone').to.be.at.least(3);
    await screenshot('1024x800');
  });

  it('at 390 px the Inbox composer is whole and usable', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(200);
    await byTestId('inbox-send').scrollIntoViewIfNeeded();
    const pane = await box('inbox');
    const composer = await box('inbox-composer');
    const send = await box('inbox-send');
    expect(composer.y + composer.height).to.be.at.most(pane.y + pane.height + 1);
    expect(send.x + send.width).to.be.at.most(390);
    expect(await byTestId('inbox-input').isVisible()).to.equal(true);
    await screenshot('390', true);
    expect(pageErrors).to.deep.equal([]);
  });
});

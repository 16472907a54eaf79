/**
 * The window and rate-limit middleware keep a Page, its Facebook-Login Instagram account and an
 * Instagram-Login account apart: each has its own window and its own send budget.
 */
import type { ConversationReference } from 'botbuilder';
import { expect } from 'chai';
import nock from 'nock';
import type { MessengerAdapter } from '../../adapter/messengerAdapter';
import { MessagingWindowMiddleware } from '../../middleware/messagingWindow';
import { RateLimitMiddleware } from '../../middleware/rateLimit';
import { envelope, IG_ACCOUNT_ID, IG_USER_ID, PAGE_ID, textEvent, USER_ID } from '../helpers/envelopes';
import { metaJson, TEST_APP_SECRET } from '../helpers/webhookRequests';
import { IG_APP_SECRET, recordBothHosts, referenceFrom, sideBySideAdapter } from './helpers';

const IGL_ID = '17841400000000002';
const IGL_USER = '1254459154682920';
const HOUR = 3_600_000;

describe('Instagram Login: per-account middleware state is never shared', () => {
  let adapter: MessengerAdapter;
  let now: number;
  const window = new MessagingWindowMiddleware({ now: () => now });
  const rateLimit = new RateLimitMiddleware({ maxWaitMs: 50 });
  const references = new Map<string, Partial<ConversationReference>>();

  before(() => {
    recordBothHosts();
    now = Date.UTC(2026, 6, 1, 8, 0, 0);
    adapter = sideBySideAdapter().use(window).use(rateLimit);
  });
  after(async () => {
    await adapter.close();
    nock.cleanAll();
  });

  async function say(accountId: string, userId: string, object: 'page' | 'instagram', secret: string, at: number) {
    const body = envelope([{ id: accountId, messaging: [textEvent('hi', { userId, pageId: accountId, timestamp: at })] }], object);
    references.set(accountId, await referenceFrom(adapter, metaJson(body), secret, 'hello'));
  }

  it('gives each account its own window', async () => {
    await say(PAGE_ID, USER_ID, 'page', TEST_APP_SECRET, now);
    await say(IG_ACCOUNT_ID, IG_USER_ID, 'instagram', TEST_APP_SECRET, now);
    // the Instagram-Login user writes 2 hours later: only that account's window moves
    now += 2 * HOUR;
    await say(IGL_ID, IGL_USER, 'instagram', IG_APP_SECRET, now);
    now += 23 * HOUR;
    const states = await Promise.all(
      [PAGE_ID, IG_ACCOUNT_ID, IGL_ID].map(async (id) => (await window.getWindowState(references.get(id) ?? {})).status),
    );
    expect(states).to.deep.equal(['human-agent-only', 'human-agent-only', 'open']);
  });

  it('pauses only the Instagram-Login account when its host throttles it', async () => {
    nock.cleanAll();
    const throttled = nock('https://graph.instagram.com')
      .post('/v27.0/me/messages')
      .reply(400, { error: { message: '(#613) Calls to this api have exceeded the rate limit.', type: 'OAuthException', code: 613, fbtrace_id: 'A1' } });
    recordBothHosts();
    const failures: unknown[] = [];
    await adapter.continueConversationAsync('', references.get(IGL_ID) ?? {}, async (context) => {
      await context.sendActivity('one more thing').catch((error: unknown) => failures.push(error));
    });
    expect(throttled.isDone()).to.equal(true);
    await adapter.continueConversationAsync('', references.get(IGL_ID) ?? {}, async () => {});
    const paused = rateLimit.stats().filter((s) => s.pausedForMs > 0).map((s) => s.account);
    expect(paused).to.deep.equal([IGL_ID]);
    expect(failures.map((error) => (error as { code?: string }).code)).to.deep.equal(['RATE_LIMITED']);
  });
});

/**
 * Shared fixtures of the Instagram Login tests (not a test file itself): one Page, its linked
 * Facebook-Login Instagram account, and an Instagram-Login account, with the request each call made.
 */
import { createHmac } from 'node:crypto';
import { type ConversationReference, TurnContext } from 'botbuilder';
import nock from 'nock';
import { GraphClient } from '../../adapter/graph/graphClient';
import type { GraphClientOptions } from '../../adapter/graph/options';
import { MessengerAdapter } from '../../adapter/messengerAdapter';
import type { MessengerAdapterOptions } from '../../adapter/options';
import { fakeResponse, signedPost, TEST_APP_SECRET, TEST_VERIFY_TOKEN } from '../helpers/webhookRequests';

export const FB_HOST = 'https://graph.facebook.com';
export const IG_HOST = 'https://graph.instagram.com';
export const APP_SECRET = 'f3c1a9d0e2b84c6b9a7d5e4f3c2b1a09';
export const IG_APP_SECRET = '7c0d4e2a9b1f48d3a6e5c2b1f0a9d8e7';
export const PAGE_ID = '370873143344730';
export const PAGE_TOKEN = 'EAAGm0PX4ZCpsBAMZBzZCtestPageToken0123456789abcdefZDZD';
/** Instagram account linked to the Page (Facebook Login): the Page token acts for it. */
export const FB_IG_ID = '17841400000000001';
/** Instagram-Login account (the webhook entry.id / `/me` user_id). */
export const IGL_ID = '17841400000000002';
export const IGL_TOKEN = 'IGAAQxTestInstagramUserToken0123456789abcdef';
export const IGSID = '1254459154682919';
export const PSID = '6780462125377510';

/** hex HMAC-SHA256(secret, token), computed independently of the client. */
export function proof(secret: string, token: string): string {
  return createHmac('sha256', secret).update(token).digest('hex');
}

/** A client serving a Page (and its linked IG account) and one Instagram-Login account. */
export function sideBySideClient(overrides: Partial<GraphClientOptions> = {}): GraphClient {
  return new GraphClient({
    appSecret: APP_SECRET,
    getAccessToken: (id) => (id === PAGE_ID || id === FB_IG_ID ? PAGE_TOKEN : Promise.reject(new Error('unknown'))),
    instagramLogin: { appSecret: IG_APP_SECRET, accessToken: IGL_TOKEN, accounts: [IGL_ID] },
    ...overrides,
  });
}

/** One request as the server saw it. */
export interface SeenRequest {
  host: string;
  method: string;
  /** Path with the query string. */
  path: string;
  authorization: string | undefined;
  body: unknown;
}

/**
 * Answers every request to both hosts with `reply` and records it (host, method, path with query,
 * Authorization, JSON body).
 */
export function recordBothHosts(reply: (seen: SeenRequest) => unknown = () => ({ recipient_id: IGSID, message_id: 'm_1' })): SeenRequest[] {
  const seen: SeenRequest[] = [];
  for (const host of [FB_HOST, IG_HOST]) {
    const record = function (this: nock.ReplyFnContext, path: string, body: unknown): [number, unknown] {
      const header = this.req.headers.authorization;
      const request: SeenRequest = {
        host,
        method: this.req.method ?? '',
        path,
        authorization: Array.isArray(header) ? header[0] : header,
        body: body === '' ? undefined : body,
      };
      seen.push(request);
      return [200, reply(request)];
    };
    nock(host)
      .persist()
      .post(/.*/)
      .reply(record)
      .get(/.*/)
      .reply(record)
      .delete(/.*/)
      .reply(record);
  }
  return seen;
}

/** An adapter serving a Page (Page token) and Instagram-Login accounts (one Instagram token). */
export function sideBySideAdapter(overrides: Partial<MessengerAdapterOptions> = {}): MessengerAdapter {
  return new MessengerAdapter({
    appSecret: TEST_APP_SECRET,
    verifyToken: TEST_VERIFY_TOKEN,
    accessToken: PAGE_TOKEN,
    instagramLogin: { appSecret: IG_APP_SECRET, accessToken: IGL_TOKEN },
    logger: { error: () => {} },
    // These tests pin the sends' hosts and tokens; the name look-up's routing is pinned in graphHosts.
    userNames: false,
    ...overrides,
  });
}

/** Posts `raw` signed with `secret`, waits for the turns, and returns the reference of the (last) turn. */
export async function referenceFrom(
  adapter: MessengerAdapter,
  raw: string,
  secret: string,
  reply?: string,
): Promise<Partial<ConversationReference>> {
  let reference: Partial<ConversationReference> = {};
  const { req } = signedPost(raw, secret);
  await adapter.process(req, fakeResponse(), async (context) => {
    reference = TurnContext.getConversationReference(context.activity);
    if (reply !== undefined) await context.sendActivity(reply);
  });
  await adapter.whenIdle();
  return reference;
}

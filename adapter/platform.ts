/**
 * Platform constants and the conversation id convention shared by every part of the package.
 *
 * @module
 */

/** The Bot Framework `channelId` of an activity: a Facebook Page (Messenger) or an Instagram account. */
export type MessengerChannelId = 'facebook' | 'instagram';

/** The webhook `object` values Meta sends for Messenger and Instagram messaging. */
export type WebhookObject = 'page' | 'instagram';

/** App id of Meta's Page Inbox (Meta Business Suite), the default handover target on Messenger. */
export const PAGE_INBOX_APP_ID = '263902037430900';

/** App id of Meta's Instagram Inbox, the default handover target on Instagram. */
export const INSTAGRAM_INBOX_APP_ID = '1217981644879628';

/** The thumbs-up ("like") sticker id Messenger sends when a user taps the like button. */
export const THUMBS_UP_STICKER_ID = '369239263222822';

/**
 * Graph API version used unless `graphApiVersion` is given: the newest version we have verified
 * against Meta's changelog (v27.0, released 2026-11-04). Always pinned: an unversioned call would use
 * the app dashboard's setting.
 */
export const DEFAULT_GRAPH_API_VERSION = 'v27.0';

/** Graph API base URL used unless `graphApiUrl` is given. */
export const DEFAULT_GRAPH_API_URL = 'https://graph.facebook.com';

/** Meta's inbox app for a channel: the default target of a handover to human agents. */
export function inboxAppId(channelId: MessengerChannelId): string {
  return channelId === 'instagram' ? INSTAGRAM_INBOX_APP_ID : PAGE_INBOX_APP_ID;
}

/** The channel id for a webhook `object`. */
export function channelIdFor(object: WebhookObject): MessengerChannelId {
  return object === 'instagram' ? 'instagram' : 'facebook';
}

/**
 * The Bot Framework `conversation.id` of a one-to-one thread: `${userId}-${accountId}`
 * (the convention of Azure Bot Service's Facebook channel).
 *
 * @example
 * ```ts
 * conversationIdOf('6780462125377510', '370873143344730'); // '6780462125377510-370873143344730'
 * ```
 */
export function conversationIdOf(userId: string, accountId: string): string {
  return `${userId}-${accountId}`;
}

/**
 * Splits a conversation id made by {@link conversationIdOf} into its user and account ids.
 * Returns `undefined` when the id does not have that form.
 */
export function parseConversationId(
  conversationId: string,
): { userId: string; accountId: string } | undefined {
  const dash = conversationId.lastIndexOf('-');
  if (dash <= 0 || dash === conversationId.length - 1) return undefined;
  return { userId: conversationId.slice(0, dash), accountId: conversationId.slice(dash + 1) };
}

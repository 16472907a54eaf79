/**
 * The longer standard window after a Click-to-Messenger / Click-to-Direct ad (messenger-platform.md,
 * "2026 additions", topic 2). Meta's policy page (Updated: Sep 28, 2026): "When the user action is a
 * person sending their first message after clicking a Click-to-Messenger or Click-to-Direct ad, the
 * window may last up to 7 days from that message." The webhook marks that message with
 * `message.referral { source: 'ADS', ad_id, ads_context_data }`.
 *
 * The policy text is incomplete: "may last up to" names no condition, the sentence after it (what may
 * be sent) is cut off in every copy we found, and no API field reports the window's length. So the
 * longer window is opt-in (`MessagingWindowMiddleware({ adWindow: true })`), never longer than 7 days
 * from the ad message, and dropped at Meta's first window refusal in that conversation (Graph
 * 10/2018278, 10/2534022). The ad start is recorded either way, so `getWindowState` can show it.
 *
 * @module
 */
import type { StateStore } from '../../adapter/state/stateStore';
import type { TurnSource } from '../../adapter/turnInfo';

/** How long the standard window may last after the first message from an ad: 7 days. */
export const AD_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/** Store key of a conversation's ad start (epoch ms of the message from the ad). */
export function adWindowKey(conversationId: string): string {
  return `wad:${conversationId}`;
}

function record(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * True when the event is a user's message sent from an ad: `message.referral.source === 'ADS'` on a
 * message that is no echo (a `messaging_referrals` event into an existing thread is no message, and
 * does not open the longer window).
 */
export function isAdMessage(source: TurnSource, event: Readonly<Record<string, unknown>> | undefined): boolean {
  if (source !== 'messaging' && source !== 'standby') return false;
  const message = record(event?.message);
  if (message === undefined || message.is_echo === true) return false;
  return record(message.referral)?.source === 'ADS';
}

/** Records an ad start at `at` (epoch ms); kept as long as the longer window can last. */
export async function recordAdStart(store: StateStore, conversationId: string, at: number, now: number): Promise<void> {
  const ttl = at + AD_WINDOW_MS - now;
  if (ttl > 0) await store.set(adWindowKey(conversationId), at, ttl);
}

/** When the ad window of a conversation ends (epoch ms), or `undefined` when none is on record. */
export async function readAdWindowEndsAt(store: StateStore, conversationId: string): Promise<number | undefined> {
  const at = await store.get<unknown>(adWindowKey(conversationId));
  return typeof at === 'number' && Number.isFinite(at) ? at + AD_WINDOW_MS : undefined;
}

/** Drops the ad window of a conversation (after Meta refused a message as outside the window). */
export async function clearAdWindow(store: StateStore, conversationId: string): Promise<void> {
  await store.delete(adWindowKey(conversationId));
}

/**
 * Meta's messaging-window and message-tag rules (reference section 3, "Tags" and "Windows").
 *
 * @module
 */
import { DAY_MS } from '../clock';
import type { Platform } from '../world/types';
import { graphErrors } from './graphErrors';

/** RESPONSE / UPDATE messages are allowed this long after the user's last message. */
export const STANDARD_WINDOW_MS = DAY_MS;
/** HUMAN_AGENT (and CUSTOMER_FEEDBACK) tagged messages are allowed this long after it. */
export const TAGGED_WINDOW_MS = 7 * DAY_MS;
/** Tags that answer error 100 since 2026-04-27. */
export const RETIRED_TAGS: readonly string[] = [
  'CONFIRMED_EVENT_UPDATE',
  'POST_PURCHASE_UPDATE',
  'ACCOUNT_UPDATE',
];
/** Tags still accepted on Messenger. */
export const MESSENGER_TAGS: readonly string[] = ['HUMAN_AGENT', 'CUSTOMER_FEEDBACK'];
/** `messaging_type` values of the Send API. */
export const MESSAGING_TYPES: readonly string[] = ['RESPONSE', 'UPDATE', 'MESSAGE_TAG'];

/** What the window check needs to know about one send. */
export interface WindowInput {
  platform: Platform;
  now: number;
  /** Sandbox time of the user's last message, postback or reaction; undefined if never. */
  lastUserMessageAt: number | undefined;
  /** Defaults to RESPONSE when the body has none. */
  messagingType: string;
  tag: string | undefined;
  /** Sandbox time of the conversation's message from a Click-to-Messenger / Click-to-Direct ad, if any. */
  adStartedAt?: number | undefined;
}

/** After a message from an ad, the standard window may last this long from that message (policy, Sep 2026). */
export const AD_WINDOW_MS = 7 * DAY_MS;

/**
 * Checks `messaging_type` and `tag`: retired tags (100, checked before any window), tags other
 * than HUMAN_AGENT on Instagram (100), unknown tags and mismatched `messaging_type` / `tag` (100).
 *
 * @param isCustomerFeedbackTemplate whether the message is a Customer Feedback template
 *   (the only content the CUSTOMER_FEEDBACK tag may carry).
 */
export function checkTag(
  platform: Platform,
  messagingType: string,
  tag: string | undefined,
  isCustomerFeedbackTemplate: boolean,
): void {
  if (!MESSAGING_TYPES.includes(messagingType)) {
    throw graphErrors.invalidParameter(`Param messaging_type must be one of {${MESSAGING_TYPES.join(', ')}}`);
  }
  if (tag !== undefined && RETIRED_TAGS.includes(tag)) throw graphErrors.retiredTag(tag);
  if (messagingType !== 'MESSAGE_TAG') {
    if (tag !== undefined) {
      throw graphErrors.invalidParameter('Param tag can only be used with messaging_type MESSAGE_TAG');
    }
    return;
  }
  if (tag === undefined)
    throw graphErrors.invalidParameter('Param tag is required with messaging_type MESSAGE_TAG');
  if (platform === 'instagram' && tag !== 'HUMAN_AGENT') throw graphErrors.tagNotOnInstagram(tag);
  if (!MESSENGER_TAGS.includes(tag)) {
    throw graphErrors.invalidParameter(`Param tag must be one of {${MESSENGER_TAGS.join(', ')}}`);
  }
  if (tag === 'CUSTOMER_FEEDBACK' && !isCustomerFeedbackTemplate) {
    throw graphErrors.invalidParameter(
      'The CUSTOMER_FEEDBACK tag may only be used with the Customer Feedback template',
    );
  }
}

/**
 * Checks the window: RESPONSE / UPDATE within 24 h of the user's last message (or within 7 days of a
 * message from an ad), MESSAGE_TAG within 7 days (10/2018278 on Messenger, 10/2534022 on Instagram).
 * Run {@link checkTag} first.
 */
export function checkWindow(input: WindowInput): void {
  const { lastUserMessageAt, adStartedAt } = input;
  const limit = input.messagingType === 'MESSAGE_TAG' ? TAGGED_WINDOW_MS : STANDARD_WINDOW_MS;
  const fromAd = adStartedAt !== undefined && input.now - adStartedAt <= AD_WINDOW_MS;
  if (fromAd) return;
  if (lastUserMessageAt === undefined || input.now - lastUserMessageAt > limit) {
    throw graphErrors.outsideWindow(input.platform);
  }
}

/**
 * The state of a conversation's window, for display: `open` (24 h, or 7 days after a message from an
 * ad), `human_agent` (7 d), `closed`.
 */
export function windowState(
  now: number,
  lastUserMessageAt: number | undefined,
  adStartedAt?: number,
): { state: 'open' | 'human_agent' | 'closed'; closesAt?: number } {
  if (lastUserMessageAt === undefined) return { state: 'closed' };
  const elapsed = now - lastUserMessageAt;
  if (adStartedAt !== undefined && now - adStartedAt <= AD_WINDOW_MS)
    return { state: 'open', closesAt: Math.max(adStartedAt + AD_WINDOW_MS, lastUserMessageAt + STANDARD_WINDOW_MS) };
  if (elapsed <= STANDARD_WINDOW_MS)
    return { state: 'open', closesAt: lastUserMessageAt + STANDARD_WINDOW_MS };
  if (elapsed <= TAGGED_WINDOW_MS)
    return { state: 'human_agent', closesAt: lastUserMessageAt + TAGGED_WINDOW_MS };
  return { state: 'closed' };
}

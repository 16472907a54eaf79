/**
 * Message tags: which ones Meta still accepts, on which platform, and the local check that refuses
 * the rest with `TAG_NOT_ALLOWED` before any Graph call.
 *
 * Facts (messenger-platform.md, "Tags"): since 2026-04-27 `CONFIRMED_EVENT_UPDATE`,
 * `POST_PURCHASE_UPDATE` and `ACCOUNT_UPDATE` fail with Graph error 100; `HUMAN_AGENT` (a person's
 * reply within 7 days) is the only tag on Instagram; `CUSTOMER_FEEDBACK` (Customer Feedback Template,
 * within 7 days) is Messenger only; `NON_PROMOTIONAL_SUBSCRIPTION` is for News Page Index publishers.
 *
 * @module
 */
import { MessengerError } from '../../adapter/errors';
import { RETIRED_MESSAGE_TAGS } from '../../adapter/graph/graphErrors';
import type { MessengerChannelId } from '../../adapter/platform';

/** A person's reply within 7 days of the user's last message; the only tag on Instagram. */
export const HUMAN_AGENT_TAG = 'HUMAN_AGENT';

/**
 * Tags Meta retired on 2026-04-27: every request carrying one fails with Graph error 100. The same
 * list the Graph error mapping uses (`RETIRED_MESSAGE_TAGS`), so both always agree.
 */
export const RETIRED_TAGS: readonly string[] = RETIRED_MESSAGE_TAGS;

/** A tag this package lets through (after the window check). */
export type MessageTag = 'HUMAN_AGENT' | 'CUSTOMER_FEEDBACK' | 'NON_PROMOTIONAL_SUBSCRIPTION';

/** The tags each platform accepts. */
export const ALLOWED_TAGS: Readonly<Record<MessengerChannelId, readonly MessageTag[]>> = {
  facebook: ['HUMAN_AGENT', 'CUSTOMER_FEEDBACK', 'NON_PROMOTIONAL_SUBSCRIPTION'],
  instagram: ['HUMAN_AGENT'],
};

/**
 * How far after the user's last message a tag may be used: `human-agent` (7 days) or `none` (no
 * messaging window applies; Meta checks the permission, e.g. News Messaging).
 */
export function tagWindow(tag: MessageTag): 'human-agent' | 'none' {
  return tag === 'NON_PROMOTIONAL_SUBSCRIPTION' ? 'none' : 'human-agent';
}

const PLATFORM_NAME: Readonly<Record<MessengerChannelId, string>> = {
  facebook: 'Messenger',
  instagram: 'Instagram',
};

/** The human name of a platform, for messages: `Messenger` or `Instagram`. */
export function platformName(channelId: MessengerChannelId): string {
  return PLATFORM_NAME[channelId];
}

/**
 * Checks a tag the bot set (`channelData.tag`). Returns the tag when the platform accepts it, or a
 * `TAG_NOT_ALLOWED` error that says what to do instead. A retired tag is refused whatever the window.
 *
 * @example
 * ```ts
 * checkTag('instagram', 'CUSTOMER_FEEDBACK'); // MessengerError TAG_NOT_ALLOWED: Instagram accepts only HUMAN_AGENT
 * checkTag('facebook', 'HUMAN_AGENT');        // 'HUMAN_AGENT'
 * ```
 */
export function checkTag(channelId: MessengerChannelId, tag: unknown): MessageTag | MessengerError {
  if (typeof tag !== 'string') {
    return new MessengerError(
      'TAG_NOT_ALLOWED',
      `channelData.tag must be a string such as 'HUMAN_AGENT'; got ${typeof tag}.`,
      {
        details: { channelId },
      },
    );
  }
  if (RETIRED_TAGS.includes(tag)) {
    return new MessengerError(
      'TAG_NOT_ALLOWED',
      `The message tag ${tag} was retired by Meta on 2026-04-27 (Graph answers error 100), so nothing was sent. ` +
        'Remove channelData.tag: send inside the 24-hour window, let a human agent reply within 7 days ' +
        "(channelData.humanAgent = true, tagged HUMAN_AGENT for you), or send an approved utility template (utilityMessage).",
      { details: { channelId, tag } },
    );
  }
  const allowed = ALLOWED_TAGS[channelId];
  if (allowed.includes(tag as MessageTag)) return tag as MessageTag;
  const advice =
    channelId === 'instagram'
      ? 'Instagram accepts only the HUMAN_AGENT tag, for a human agent’s reply within 7 days.'
      : `The message tags Messenger accepts are ${allowed.join(', ')}.`;
  return new MessengerError(
    'TAG_NOT_ALLOWED',
    `The message tag ${tag} is not allowed on ${platformName(channelId)}, so nothing was sent. ${advice}`,
    {
      details: { channelId, tag },
    },
  );
}

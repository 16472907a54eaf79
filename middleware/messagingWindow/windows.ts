/**
 * The two messaging windows of Messenger and Instagram, and where a conversation stands in them.
 *
 * @module
 */
import type { MessengerChannelId } from '../../adapter/platform';

/** One hour in milliseconds. */
const HOUR_MS = 60 * 60 * 1000;

/** The two windows of a platform, in milliseconds after the user's last interaction. */
export interface MessagingWindows {
  /** Free messaging (`RESPONSE` / `UPDATE`): 24 hours. */
  readonly standardMs: number;
  /** Human agents only (`MESSAGE_TAG` + `HUMAN_AGENT`): 7 days. */
  readonly humanAgentMs: number;
}

/**
 * The windows per platform. Meta documents the same 24 hours / 7 days for Messenger and Instagram
 * ("Your app has 24 hours to respond … use the human agent tag to send a response within 7 days"),
 * so they are constants, not options: a setting could only make the bot break Meta's rules.
 */
export const MESSAGING_WINDOWS: Readonly<Record<MessengerChannelId, MessagingWindows>> = {
  facebook: { standardMs: 24 * HOUR_MS, humanAgentMs: 7 * 24 * HOUR_MS },
  instagram: { standardMs: 24 * HOUR_MS, humanAgentMs: 7 * 24 * HOUR_MS },
};

/**
 * Where a conversation stands at a moment:
 * - `open`: within 24 hours of the user's last interaction; anyone may write.
 * - `human-agent`: 24 hours to 7 days; only a human agent, tagged `HUMAN_AGENT`.
 * - `closed`: past 7 days; nothing may be sent until the user writes again.
 * - `unknown`: no user interaction on record (never seen, expired, or the store was reset).
 */
export type WindowPhase = 'open' | 'human-agent' | 'closed' | 'unknown';

/**
 * The phase of a conversation whose user last interacted at `lastUserAt` (epoch ms), at `now`;
 * `adWindowEndsAt` (the end of the longer window after an ad, when it applies) keeps it `open` until then.
 * A `lastUserAt` in the future (another instance's clock runs ahead) counts as "just now".
 *
 * @example
 * ```ts
 * windowPhase('facebook', Date.now() - 25 * 3600_000, Date.now()); // 'human-agent'
 * ```
 */
export function windowPhase(
  channelId: MessengerChannelId,
  lastUserAt: number | undefined,
  now: number,
  adWindowEndsAt?: number,
): WindowPhase {
  if (lastUserAt === undefined) return 'unknown';
  const elapsed = Math.max(0, now - lastUserAt);
  const windows = MESSAGING_WINDOWS[channelId];
  if (elapsed < windows.standardMs) return 'open';
  // The longer standard window after a message from an ad (opt-in; see adWindow.ts).
  if (adWindowEndsAt !== undefined && now < adWindowEndsAt) return 'open';
  if (elapsed < windows.humanAgentMs) return 'human-agent';
  return 'closed';
}

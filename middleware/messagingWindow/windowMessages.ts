/**
 * The words of `MESSAGING_WINDOW_CLOSED`: how long ago the user wrote and what is still allowed.
 * Only durations and ids go in; never message contents.
 *
 * @module
 */
import type { MessengerChannelId } from '../../adapter/platform';
import { MESSAGING_WINDOWS, type WindowPhase } from './windows';
import { platformName } from './windowTags';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/**
 * A duration for people, rounded down: `45 s`, `23 h 59 min`, `1 d 1 min`, `6 d 23 h`.
 *
 * @example
 * ```ts
 * formatDuration(24 * 3600_000 + 60_000); // '1 d 1 min'
 * ```
 */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms));
  if (total < MINUTE_MS) return `${Math.floor(total / 1000)} s`;
  const days = Math.floor(total / DAY_MS);
  const hours = Math.floor((total % DAY_MS) / HOUR_MS);
  const minutes = Math.floor((total % HOUR_MS) / MINUTE_MS);
  const parts: string[] = [];
  if (days > 0) parts.push(`${days} d`);
  if (hours > 0) parts.push(`${hours} h`);
  if (minutes > 0) parts.push(`${minutes} min`);
  return parts.join(' ');
}

/** What {@link windowClosedMessage} needs to know. */
export interface WindowClosedFacts {
  readonly channelId: MessengerChannelId;
  /** Epoch ms of the user's last interaction on record, if any. */
  readonly lastUserAt: number | undefined;
  readonly now: number;
  /** The phase that refused the message (`human-agent`, `closed` or `unknown`). */
  readonly phase: WindowPhase;
  /** Whether the app may use the HUMAN_AGENT tag. */
  readonly humanAgentTag: boolean;
}

/**
 * What may still be sent in a conversation whose 24-hour window is closed, e.g. "For 5 d 23 h more,
 * only a human agent may write (tagged HUMAN_AGENT): ...".
 */
export function stillAllowed(facts: WindowClosedFacts): string {
  if (facts.phase === 'human-agent' && facts.lastUserAt !== undefined) {
    if (!facts.humanAgentTag) {
      return (
        'MessagingWindowMiddleware runs with humanAgentTag: false (no Human Agent permission), so nothing may be ' +
        'sent until the user writes again.'
      );
    }
    const left = formatDuration(
      MESSAGING_WINDOWS[facts.channelId].humanAgentMs - Math.max(0, facts.now - facts.lastUserAt),
    );
    return (
      `For ${left} more, only a human agent may write (tagged HUMAN_AGENT): send a message a person wrote as ` +
      'asHumanAgent(...) (channelData.humanAgent = true). Automated messages must wait until the user writes again.'
    );
  }
  const templates =
    facts.channelId === 'facebook'
      ? " On Messenger, an approved utility template is the only way to reach the user now: send utilityMessage({ name, language, parameters })."
      : '';
  return `The 7-day human-agent window is closed too: nothing may be sent until the user writes again.${templates}`;
}

/**
 * Explains why a message may not go out now, and what is still allowed, e.g. "the user last wrote
 * 1 d 1 min ago, so the 24-hour messaging window of this Messenger conversation is closed. For
 * 5 d 23 h 59 min more, only a human agent may write ...".
 */
export function windowClosedMessage(facts: WindowClosedFacts): string {
  const platform = platformName(facts.channelId);
  if (facts.lastUserAt === undefined) {
    return (
      `no interaction of the user is on record for this ${platform} conversation (the user never wrote, the ` +
      "record expired, or the store was reset), and MessagingWindowMiddleware runs with unknownWindow: 'reject'. " +
      "Wait until the user writes again, or use unknownWindow: 'send' to let Meta decide."
    );
  }
  const ago = formatDuration(Math.max(0, facts.now - facts.lastUserAt));
  return (
    `the user last wrote ${ago} ago, so the 24-hour messaging window of this ${platform} conversation is closed. ` +
    stillAllowed(facts)
  );
}

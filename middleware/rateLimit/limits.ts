/**
 * Send API limits: what Meta documents, and the defaults {@link RateLimitMiddleware} paces at.
 *
 * @module
 */
import type { MessengerChannelId } from '../../adapter/platform';
import type { SendBudget } from '../../adapter/sendPipeline';

/** A figure per Send API budget: `text` (text, links, reactions, stickers, templates, images) and `media` (audio, video). */
export type BudgetFigures = Readonly<Record<SendBudget, number>>;

/**
 * Send API calls per second per Page / Instagram account as Meta documents them (messenger-platform
 * rate-limiting page, updated 2026-03): Messenger 300/s text and 10/s audio and video; Instagram
 * "design for" 100/s text and 10/s media.
 */
export const META_SEND_LIMITS: Readonly<Record<MessengerChannelId, BudgetFigures>> = {
  facebook: { text: 300, media: 10 },
  instagram: { text: 100, media: 10 },
};

/**
 * Share of Meta's documented limit that the defaults use (80 %). The headroom leaves room for other
 * apps or tools sending for the same Page, for Meta's own measurement window and network jitter, and
 * for the account-wide 24 h budget (200 x engaged users). Set `perSecond` / `mediaPerSecond` to
 * choose your own figures.
 */
export const DEFAULT_SAFETY_FACTOR = 0.8;

/**
 * The default pace per account: {@link META_SEND_LIMITS} x {@link DEFAULT_SAFETY_FACTOR}, rounded down.
 * Messenger 240 text / 8 media per second; Instagram 80 text / 8 media per second.
 */
export const DEFAULT_SEND_LIMITS: Readonly<Record<MessengerChannelId, BudgetFigures>> = {
  facebook: scaled(META_SEND_LIMITS.facebook),
  instagram: scaled(META_SEND_LIMITS.instagram),
};

/** A figure for every channel, or one per channel (a missing channel keeps its default). */
export type PerChannel = number | Partial<Readonly<Record<MessengerChannelId, number>>>;

/** The sends per second an account of `channelId` may make, from the options and the defaults. */
export function resolveLimits(
  channelId: MessengerChannelId,
  perSecond: PerChannel | undefined,
  mediaPerSecond: PerChannel | undefined,
): BudgetFigures {
  const defaults = DEFAULT_SEND_LIMITS[channelId];
  return {
    text: pick(perSecond, channelId) ?? defaults.text,
    media: pick(mediaPerSecond, channelId) ?? defaults.media,
  };
}

function pick(value: PerChannel | undefined, channelId: MessengerChannelId): number | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'number' ? value : value[channelId];
}

function scaled(figures: BudgetFigures): BudgetFigures {
  return {
    text: Math.max(1, Math.floor(figures.text * DEFAULT_SAFETY_FACTOR)),
    media: Math.max(1, Math.floor(figures.media * DEFAULT_SAFETY_FACTOR)),
  };
}

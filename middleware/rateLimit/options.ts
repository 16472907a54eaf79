/**
 * Options of {@link RateLimitMiddleware} / {@link RateLimiter}, their defaults and validation.
 *
 * @module
 */
import { z } from 'zod';
import { MessengerError } from '../../adapter/errors';
import type { StateStore } from '../../adapter/state/stateStore';
import type { RateLimitBackend } from './backend';
import type { PerChannel } from './limits';

/** Default {@link RateLimitOptions.retryBaseMs}: one minute, Meta's shortest throttling period. */
export const DEFAULT_RETRY_BASE_MS = 60_000;
/** Default {@link RateLimitOptions.retryMaxMs}. */
export const DEFAULT_RETRY_MAX_MS = 300_000;
/** Default {@link RateLimitOptions.maxQueue}: messages waiting or in flight per account. */
export const DEFAULT_MAX_QUEUE = 10_000;
/** Default {@link RateLimitOptions.maxWaitMs}: long enough for one pause of `retryBaseMs` and a retry. */
export const DEFAULT_MAX_WAIT_MS = 300_000;
/** Default {@link RateLimitOptions.slowDownAtPercent}. */
export const DEFAULT_SLOW_DOWN_AT_PERCENT = 80;
/** Default {@link RateLimitOptions.usageTtlMs}. */
export const DEFAULT_USAGE_TTL_MS = 60_000;
/** Default {@link RateLimitOptions.windowSlackMs}. */
export const DEFAULT_WINDOW_SLACK_MS = 10;
/** Default {@link RateLimitOptions.burstToleranceMs}. */
export const DEFAULT_BURST_TOLERANCE_MS = 50;
/** Default {@link RateLimitOptions.jitter}. */
export const DEFAULT_JITTER = 0.2;

/**
 * Options of {@link RateLimitMiddleware}. Every figure is per Page / Instagram account.
 *
 * @example
 * ```ts
 * new RateLimitMiddleware({ perSecond: 200, mediaPerSecond: 5, maxWaitMs: 120_000 });
 * new RateLimitMiddleware({ perSecond: { facebook: 250, instagram: 90 } });
 * new RateLimitMiddleware({ store: new RedisStateStore({ url: process.env.REDIS_URL }) }); // shared budgets
 * ```
 */
export interface RateLimitOptions {
  /**
   * Text sends per second per account (text, links, reactions, stickers, templates, images, typing):
   * never more than this in any 1 s window, and evenly spread (no bursts above it). One number for
   * every account, or one per channel. Default: 80 % of Meta's documented limit, i.e. 240 for a
   * Facebook Page (Meta: 300) and 80 for an Instagram account (Meta: 100).
   */
  perSecond?: PerChannel;
  /** Audio and video sends per second per account. Default 8 (Meta: 10 on both channels). */
  mediaPerSecond?: PerChannel;
  /**
   * First pause (ms) after a throttling error whose usage header gives no time (also when it says
   * `estimated_time_to_regain_access: 0`); doubles for each further throttling error in a row.
   * Default 60000.
   */
  retryBaseMs?: number;
  /** Longest backoff pause, ms (a longer time given by Meta's usage header is still honoured). Default 300000. */
  retryMaxMs?: number;
  /**
   * Messages per account waiting or in flight; past it a send rejects at once with `QUEUE_FULL` and
   * nothing is sent for it. Default 10000.
   */
  maxQueue?: number;
  /**
   * Longest wait of a send (ms) for its turn, pauses and retries included; then it rejects with
   * `RATE_LIMITED` (at once, when a pause is known to end too late). A send already handed to Graph
   * is awaited (the Graph client's timeout bounds it). Default 300000.
   */
  maxWaitMs?: number;
  /**
   * Shares budgets across bot instances when this store offers its Redis connection (as
   * `RedisStateStore` does; see `RedisCommandStore`). Without `store` and `backend`, the adapter's
   * store is used when it is such a store, else budgets are local to this process.
   */
  store?: StateStore;
  /** A limiter backend of your own (wins over `store`). */
  backend?: RateLimitBackend;
  /**
   * Slow down once Meta's usage headers report this share of the quota (percent) or more: at 90 %
   * with the default 80, half the pace. `false` turns it off. Default 80.
   */
  slowDownAtPercent?: number | false;
  /** How long (ms) a slow-down lasts without fresh usage headers. Default 60000. */
  usageTtlMs?: number;
  /**
   * Extra ms added to the 1 s window the cap is checked over (default 10): sends stay within the
   * limit even when network jitter shifts them by that much on the way to Meta. Costs
   * `windowSlackMs / 10` % of the pace (default 1 %).
   */
  windowSlackMs?: number;
  /**
   * How far (ms) a send may run ahead of the even pace, so that a late timer or a busy event loop
   * costs no throughput (default 50: at 240/s, up to 12 sends leave together after a stall). The 1 s
   * cap holds regardless.
   */
  burstToleranceMs?: number;
  /** Random spread added to backoff pauses, as a share (0-1). Default 0.2. */
  jitter?: number;
  /**
   * Called with errors that no send is waiting for (e.g. Redis failing to record a pause or
   * slow-down). Default: `process.emitWarning`. Sends that depend on the backend reject on their own.
   */
  onBackgroundError?: (error: MessengerError) => void;
  /**
   * Clock, epoch ms. Default: the monotonic clock (`performance.timeOrigin + performance.now()`),
   * which never jumps when the system clock is set; sinon fake timers control it.
   */
  now?: () => number;
  /** Random source in [0, 1) for jitter (default `Math.random`). */
  random?: () => number;
}

/** Epoch ms from the monotonic clock: steady across system clock changes, with sub-ms resolution. */
export function monotonicNow(): number {
  return performance.timeOrigin + performance.now();
}

/** {@link RateLimitOptions} with every default applied. */
export interface ResolvedRateLimitOptions {
  readonly perSecond: PerChannel | undefined;
  readonly mediaPerSecond: PerChannel | undefined;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  readonly maxQueue: number;
  readonly maxWaitMs: number;
  readonly slowDownAtPercent: number | undefined;
  readonly usageTtlMs: number;
  readonly windowMs: number;
  readonly burstMs: number;
  readonly jitter: number;
  readonly onBackgroundError: (error: MessengerError) => void;
  readonly now: () => number;
  readonly random: () => number;
}

const isRate = (value: unknown): boolean =>
  Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 100_000;
const perChannel = z.custom<PerChannel>(
  (value) =>
    isRate(value) ||
    (typeof value === 'object' &&
      value !== null &&
      Object.entries(value).every(
        ([key, figure]) =>
          ['facebook', 'instagram'].includes(key) && (figure === undefined || isRate(figure)),
      )),
  'must be a whole number of sends per second (1 to 100000), or { facebook?, instagram? } of such numbers',
);
const ms = z.number().finite().nonnegative();
const fn = z.custom<(...args: never[]) => unknown>(
  (value) => typeof value === 'function',
  'must be a function',
);

const schema = z
  .object({
    perSecond: perChannel.optional(),
    mediaPerSecond: perChannel.optional(),
    retryBaseMs: ms.min(1).optional(),
    retryMaxMs: ms.min(1).optional(),
    maxQueue: z.number().int().min(1).optional(),
    maxWaitMs: ms.min(1).optional(),
    slowDownAtPercent: z.union([z.literal(false), z.number().min(1).max(100)]).optional(),
    usageTtlMs: ms.min(1).optional(),
    windowSlackMs: ms.max(1000).optional(),
    burstToleranceMs: ms.max(1000).optional(),
    jitter: z.number().min(0).max(1).optional(),
    onBackgroundError: fn.optional(),
    now: fn.optional(),
    random: fn.optional(),
  })
  .refine((o) => o.retryMaxMs === undefined || o.retryMaxMs >= (o.retryBaseMs ?? DEFAULT_RETRY_BASE_MS), {
    message: 'retryMaxMs must be at least retryBaseMs',
    path: ['retryMaxMs'],
  });

/**
 * Validates `options` and applies the defaults.
 *
 * @throws MessengerError `CONFIG_INVALID` naming every invalid option.
 */
export function resolveRateLimitOptions(options: RateLimitOptions): ResolvedRateLimitOptions {
  const parsed = schema.safeParse(options);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
      .join('; ');
    throw new MessengerError('CONFIG_INVALID', `Invalid RateLimitMiddleware options: ${problems}.`);
  }
  const slowDown = options.slowDownAtPercent ?? DEFAULT_SLOW_DOWN_AT_PERCENT;
  return {
    perSecond: options.perSecond,
    mediaPerSecond: options.mediaPerSecond,
    retryBaseMs: options.retryBaseMs ?? DEFAULT_RETRY_BASE_MS,
    retryMaxMs: options.retryMaxMs ?? Math.max(DEFAULT_RETRY_MAX_MS, options.retryBaseMs ?? 0),
    maxQueue: options.maxQueue ?? DEFAULT_MAX_QUEUE,
    maxWaitMs: options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS,
    slowDownAtPercent: slowDown === false ? undefined : slowDown,
    usageTtlMs: options.usageTtlMs ?? DEFAULT_USAGE_TTL_MS,
    windowMs: 1000 + (options.windowSlackMs ?? DEFAULT_WINDOW_SLACK_MS),
    burstMs: options.burstToleranceMs ?? DEFAULT_BURST_TOLERANCE_MS,
    jitter: options.jitter ?? DEFAULT_JITTER,
    onBackgroundError: options.onBackgroundError ?? ((error) => process.emitWarning(error)),
    now: options.now ?? monotonicNow,
    random: options.random ?? Math.random,
  };
}

/**
 * What to do about throttling: how long to pause after a throttling error, and how much to slow
 * down when usage headers approach the limit. Pure functions.
 *
 * @module
 */
import { GraphApiError, type GraphUsage } from '../../adapter/errors';

/** The slowest pace a slow-down goes to: 10 % of the configured limit. */
export const MIN_SLOW_DOWN_FACTOR = 0.1;

/**
 * True for a throttling error answered by Meta (Graph 4, 17, 32, 613, 80001, 80002, 80006, or HTTP
 * 429), the only failures the limiter retries: Meta refused the call, so sending it again cannot
 * deliver it twice. Local `RATE_LIMITED` errors (a limiter that gave up) are not retried.
 */
export function isThrottlingError(error: unknown): error is GraphApiError {
  return error instanceof GraphApiError && error.code === 'RATE_LIMITED';
}

/** The knobs of {@link throttlePauseMs}. */
export interface BackoffPolicy {
  /** First pause when the usage header gives no time, ms. */
  readonly retryBaseMs: number;
  /** Cap of the exponential backoff, ms (a longer time given by Meta is still honoured). */
  readonly retryMaxMs: number;
  /** Random spread added to the backoff, as a share of it (0.2 = up to +20 %). */
  readonly jitter: number;
}

/**
 * How long to pause an account after throttling error number `streak` (1 for the first of a run):
 * the time Meta's usage header gives (`estimated_time_to_regain_access`), and at least an exponential
 * backoff `retryBaseMs x 2^(streak-1)` with up to `jitter` added, capped at `retryMaxMs`.
 *
 * @example
 * ```ts
 * throttlePauseMs(1, undefined, { retryBaseMs: 60_000, retryMaxMs: 300_000, jitter: 0.2 }, () => 0.5); // 66000
 * throttlePauseMs(1, 180_000, { retryBaseMs: 60_000, retryMaxMs: 300_000, jitter: 0.2 }, () => 0.5); // 180000
 * ```
 */
export function throttlePauseMs(
  streak: number,
  regainAccessInMs: number | undefined,
  policy: BackoffPolicy,
  random: () => number,
): number {
  const exponent = Math.min(Math.max(0, streak - 1), 30);
  const spread = 1 + policy.jitter * Math.min(Math.max(random(), 0), 1);
  const backoff = Math.min(policy.retryMaxMs, policy.retryBaseMs * 2 ** exponent * spread);
  const given = regainAccessInMs !== undefined && regainAccessInMs > 0 ? regainAccessInMs : 0;
  return Math.ceil(Math.max(given, backoff));
}

/**
 * The share of the configured pace to keep, given the latest usage figures: 1 below `atPercent`,
 * then linearly less (half way to 100 % gives 0.5), never below {@link MIN_SLOW_DOWN_FACTOR}; in
 * steps of 0.05 so that small changes in usage do not rewrite the shared state. The figure used is
 * the highest of `call_count`, `total_time` and `total_cputime` (any of them reaching 100 throttles).
 *
 * @example
 * ```ts
 * slowDownFactor({ callCountPercent: 50 }, 80); // 1
 * slowDownFactor({ callCountPercent: 90 }, 80); // 0.5
 * slowDownFactor({ timePercent: 99 }, 80);      // 0.1
 * ```
 */
export function slowDownFactor(usage: GraphUsage, atPercent: number): number {
  const percent = Math.max(usage.callCountPercent ?? 0, usage.timePercent ?? 0);
  if (!(percent >= atPercent)) return 1;
  if (atPercent >= 100) return MIN_SLOW_DOWN_FACTOR;
  const linear = (100 - percent) / (100 - atPercent);
  const stepped = Math.floor(linear * 20 + 1e-9) / 20;
  return Math.min(1, Math.max(MIN_SLOW_DOWN_FACTOR, stepped));
}

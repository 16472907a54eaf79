/**
 * The limiter backend seam: where send budgets, pauses and slow-downs of each account live. One
 * process uses {@link MemoryRateLimitBackend}; several instances share one budget per account through
 * {@link RedisRateLimitBackend}.
 *
 * @module
 */
import type { SendBudget } from '../../adapter/sendPipeline';

/** One request for a send slot of an account's budget. */
export interface AcquireRequest {
  /** The account (Page id or Instagram account id) whose budget is spent. */
  readonly account: string;
  /** Which budget: `text` or `media`. */
  readonly budget: SendBudget;
  /** Sends allowed in any window of `windowMs` (before any slow-down). */
  readonly limit: number;
  /** The window, ms: 1000 plus a slack that absorbs network jitter (see `windowSlackMs`). */
  readonly windowMs: number;
  /**
   * How far (ms) a send may run ahead of the even pace (GCRA burst tolerance): lets the scheduler
   * catch up after a late timer. The sliding-window cap holds whatever this is.
   */
  readonly burstMs: number;
}

/** The answer to an {@link AcquireRequest}. */
export type AcquireResult =
  | { readonly granted: true }
  | {
      readonly granted: false;
      /** Wait at least this long (ms, >= 1) before asking again. */
      readonly retryInMs: number;
      /** True when the account is paused after a throttling error (not just paced). */
      readonly paused: boolean;
    };

/** The answer to a request for several slots at once ({@link RateLimitBackend.acquireMany}). */
export interface AcquireManyResult {
  /** Slots granted, from 0 to the count asked for. */
  readonly granted: number;
  /** When fewer were granted than asked for: wait at least this long (ms, >= 1) before asking again; else 0. */
  readonly retryInMs: number;
  /** True when nothing was granted because the account is paused after a throttling error. */
  readonly paused: boolean;
}

/**
 * Stores send budgets and throttling state per account, atomically. Implementations must make the
 * decision of {@link decideAcquire} (GCRA pacing plus a sliding-window cap), so that no window of
 * `windowMs` holds more than the (slowed) limit of grants, across every process that shares the backend.
 *
 * Write your own (e.g. on another database) by implementing these three calls (and, for a backend
 * across the network, `acquireMany`); times are relative (ms from now) so that each backend may use
 * its own clock (Redis uses the server's).
 */
export interface RateLimitBackend {
  /**
   * Takes one send slot of `request.budget` if the pace allows and the account is not paused. An
   * in-process backend may answer synchronously: the send then leaves in the same tick as the
   * decision, with no event-loop delay in between.
   */
  acquire(request: AcquireRequest): AcquireResult | Promise<AcquireResult>;
  /**
   * Optional. Takes up to `count` slots of `request.budget` in one atomic step: exactly what `count`
   * calls of `acquire` at the same instant would grant, stopping at the first refusal (see
   * {@link decideAcquireMany}). A backend across the network (Redis) offers it so that an account
   * queue with several conversations waiting pays one round trip for all of them instead of one each.
   */
  acquireMany?(request: AcquireRequest, count: number): Promise<AcquireManyResult>;
  /** Pauses every budget of `account` for `forMs` from now; never shortens a longer pause. */
  pause(account: string, forMs: number): Promise<void>;
  /**
   * Scales the limits of `account` by `factor` (0 < factor <= 1) for `forMs` from now, replacing any
   * earlier factor; `factor >= 1` ends the slow-down.
   */
  slowDown(account: string, factor: number, forMs: number): Promise<void>;
}

/** What the backend stores for one budget of one account. */
export interface BudgetState {
  /** GCRA theoretical arrival time (ms, fractional): when the next send is due at the even pace. */
  tat: number;
  /** Grant times (ms) within the last `windowMs`, oldest first. */
  log: number[];
}

/** The sends an account may make per window once a slow-down `factor` applies (at least 1). */
export function effectiveLimit(limit: number, factor: number): number {
  return Math.max(1, Math.floor(limit * factor + 1e-9));
}

/**
 * The limiter's decision, as a pure function (the Redis Lua script implements the same steps):
 *
 * 1. **Pause**: while the account is paused, nothing is granted.
 * 2. **GCRA** (generic cell rate algorithm) with emission interval `T = windowMs / limit` and
 *    tolerance `burstMs`: a send conforms when `now >= tat - burstMs`; it then moves `tat` to
 *    `max(tat, now) + T`. This spreads sends evenly instead of letting them out in bursts.
 * 3. **Sliding-window cap**: fewer than `limit` grants in `(now - windowMs, now]`. This is the hard
 *    guarantee: no window of `windowMs` (hence no 1 s window) ever holds more than `limit` grants,
 *    whatever the tolerance, timer lateness or number of instances.
 *
 * Mutates `state` when granting (and prunes its log). Times are ms on one clock.
 */
export function decideAcquire(
  state: BudgetState,
  request: Pick<AcquireRequest, 'limit' | 'windowMs' | 'burstMs'>,
  now: number,
  pausedUntil: number,
  factor: number,
): AcquireResult {
  if (pausedUntil > now)
    return { granted: false, retryInMs: Math.max(1, Math.ceil(pausedUntil - now)), paused: true };
  const limit = effectiveLimit(request.limit, factor);
  const interval = request.windowMs / limit;
  const tat = Math.max(state.tat, now);
  const log = state.log;
  let expired = 0;
  while (expired < log.length && (log[expired] as number) <= now - request.windowMs) expired++;
  if (expired > 0) log.splice(0, expired);
  const paceWait = tat - request.burstMs - now;
  const capWait = log.length >= limit ? (log[log.length - limit] as number) + request.windowMs - now : 0;
  if (paceWait > 0 || capWait > 0) {
    return { granted: false, retryInMs: Math.max(1, Math.ceil(Math.max(paceWait, capWait))), paused: false };
  }
  log.push(now);
  state.tat = tat + interval;
  return { granted: true };
}

/**
 * {@link RateLimitBackend.acquireMany} as a pure function: {@link decideAcquire} repeated at one
 * instant until it refuses or `count` slots are granted. Mutates `state` for each grant.
 */
export function decideAcquireMany(
  state: BudgetState,
  request: Pick<AcquireRequest, 'limit' | 'windowMs' | 'burstMs'>,
  now: number,
  pausedUntil: number,
  factor: number,
  count: number,
): AcquireManyResult {
  let granted = 0;
  while (granted < count) {
    const result = decideAcquire(state, request, now, pausedUntil, factor);
    if (!result.granted) return { granted, retryInMs: result.retryInMs, paused: result.paused };
    granted++;
  }
  return { granted, retryInMs: 0, paused: false };
}

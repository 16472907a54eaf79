/**
 * When the Graph client repeats a failed call, and how long it waits first.
 *
 * Only transient failures are retried: connection errors before the request left, and, for calls
 * that may be repeated without effect (reads, thread control, typing), Graph codes 1 and 2,
 * `is_transient` errors and 5xx answers without a Graph body.
 *
 * A send (`POST /me/messages`) that fails with Graph code 1 or 2, an `is_transient` error or a bare
 * 5xx is ambiguous: Meta may have delivered the message before it failed, and a resend gives the
 * person two copies. Meta's error guide says "wait and retry" for 1 and 2; the person's interest is
 * no duplicates. So by default such a send is NOT retried: it fails with `details.maybeSent: true`,
 * and the bot can look for the message's echo before sending again. `retryAmbiguousSends: true`
 * retries them (at-least-once: a duplicate is possible). Never retried in any case: Graph
 * 1/1357046 (Meta says messages may have been sent), a timeout or dropped connection after a send was
 * written, policy errors (window, tag, owner, recipient, permission, token, attachment) and
 * throttling (`RATE_LIMITED` goes straight to the caller, for the rate-limit middleware to act on).
 *
 * @module
 */
import { GraphApiError, MessengerError } from '../errors';
import { AMBIGUOUS_SUBCODE } from './graphErrors';

/**
 * Backoff before retry number `retry` (1-based): exponential from `baseMs`, capped at `maxMs`, with
 * full jitter (a uniform pick in `[0, ceiling)`), so that many clients failing together spread out.
 *
 * @example
 * ```ts
 * backoffDelay(1, 500, 30_000, () => 0.5); // 250
 * backoffDelay(3, 500, 30_000, () => 0.5); // 1000 (ceiling 2000)
 * ```
 */
export function backoffDelay(
  retry: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(Math.min(Math.max(random(), 0), 1 - Number.EPSILON) * ceiling);
}

/** Resolves after `ms` (a plain `setTimeout`, so fake timers control it). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * True when `error` is a transient failure that is safe to repeat.
 *
 * @param idempotent - the call may be repeated without effect (GET, DELETE, or a POST marked so):
 *   then a timeout, a dropped connection or a bare 5xx is retried too.
 * @param retryAmbiguous - retry a non-idempotent call after an ambiguous failure (Graph 1 or 2,
 *   `is_transient`, a bare 503) although it may have taken effect; default false.
 */
export function isRetryable(error: unknown, idempotent: boolean, retryAmbiguous = false): boolean {
  if (error instanceof GraphApiError) {
    if (error.code !== 'GRAPH_ERROR') return false;
    if (error.graphCode === 1 && error.graphSubcode === AMBIGUOUS_SUBCODE) return false;
    if (error.graphCode === 0) {
      const status = error.httpStatus ?? 0;
      return status >= 500 && (idempotent || (retryAmbiguous && status === 503));
    }
    const transient = error.graphCode === 1 || error.graphCode === 2 || error.isTransient === true;
    return transient && (idempotent || retryAmbiguous);
  }
  if (error instanceof MessengerError && error.code === 'NETWORK_ERROR') {
    return error.details.maybeSent === false || idempotent;
  }
  return false;
}

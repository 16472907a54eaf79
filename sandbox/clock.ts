/**
 * The sandbox clock: real time (or an injected base clock) plus an offset that can only grow.
 *
 * @module
 */
import { SandboxError } from './errors';

/** One hour in milliseconds. */
export const HOUR_MS = 60 * 60 * 1000;
/** One day in milliseconds. */
export const DAY_MS = 24 * HOUR_MS;

/**
 * The sandbox's notion of "now". Window checks, thread-control expiry, rate limiting and the
 * timestamps of every webhook event read it, so advancing it lets you see what happens when a
 * window closes without waiting 24 hours.
 *
 * `now` is a bound function: hand it to a bot as its clock, e.g.
 * `new MessagingWindowMiddleware({ now: sandbox.clock.now })`, so the bot and the sandbox agree on time.
 */
export interface SandboxClock {
  /** Sandbox time in epoch milliseconds: base clock + offset. Bound; safe to pass around. */
  readonly now: () => number;
  /** Moves sandbox time forward by `ms` (>= 0) and returns the new time. */
  advance(ms: number): number;
  /** How far sandbox time is ahead of the base clock, in milliseconds. */
  readonly offsetMs: number;
  /** Calls `listener` after every advance; returns a function that removes it. */
  onAdvance(listener: (now: number) => void): () => void;
}

/**
 * Creates a {@link SandboxClock} over `base` (default `Date.now`, which sinon fake timers replace).
 *
 * @example
 * ```ts
 * const clock = createClock();
 * clock.advance(25 * HOUR_MS); // the 24-hour window of every conversation is now closed
 * ```
 */
export function createClock(base: () => number = () => Date.now()): SandboxClock {
  let offset = 0;
  const listeners = new Set<(now: number) => void>();
  const now = (): number => base() + offset;
  return {
    now,
    advance(ms: number): number {
      if (!Number.isFinite(ms) || ms < 0) {
        throw new SandboxError(
          'INVALID_ARGUMENT',
          `clock.advance(ms) needs a finite number of milliseconds >= 0, got ${ms}.`,
        );
      }
      offset += ms;
      const at = now();
      for (const listener of listeners) listener(at);
      return at;
    },
    get offsetMs() {
      return offset;
    },
    onAdvance(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

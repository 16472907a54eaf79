/**
 * Release of redelivery marks whose outcome is unknown. When the store does not answer in time, the
 * webhook answers 503 so that Meta delivers the batch again; but the `SET NX` may already be on the
 * wire and run when the store resumes. The mark would then drop Meta's redelivery as a duplicate and
 * the event would be lost. So every mark carries a token of its attempt, and the marks of a refused
 * attempt are deleted again, only while they still hold that token, as soon as the store answers.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { StateStore } from '../state/stateStore';
import { isRawRedisStore } from './rawRedis';

/** Deletes KEYS[1] only when it holds ARGV[1]; 1 when it did. */
const DELETE_IF_EQUAL = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

/** First pause before trying a release again, doubled per try. */
const FIRST_RETRY_MS = 500;
/** Longest pause between tries. */
const MAX_RETRY_MS = 30_000;

/** 72 random bits drawn once per process: tokens of different processes (instances) never meet. */
const PROCESS_TOKEN_PREFIX = randomBytes(9).toString('base64url');
let tokenCount = 0;

/**
 * A fresh token for the marks of one webhook attempt (stored as the mark's value): unique across
 * attempts and instances, from a random prefix per process and a counter (no random draw per attempt).
 */
export function newMarkToken(): string {
  tokenCount += 1;
  return `${PROCESS_TOKEN_PREFIX}.${tokenCount.toString(36)}`;
}

/**
 * Deletes `key` if it still holds `token` (atomically on Redis; elsewhere a read then a delete, which
 * is enough for the in-process store).
 */
export async function deleteMarkIf(store: StateStore, key: string, token: string): Promise<void> {
  if (isRawRedisStore(store)) {
    await store.redisCommand(['EVAL', DELETE_IF_EQUAL, '1', store.prefix + key, JSON.stringify(token)]);
    return;
  }
  if ((await store.get(key)) === token) await store.delete(key);
}

/**
 * Keeps trying to release marks until the store answers or the marks would have expired anyway
 * (`ttlMs`). Tries are spaced out (500 ms doubling to 30 s); timers do not keep the process alive.
 */
export class MarkReleaser {
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly store: StateStore,
    private readonly ttlMs: number,
    private readonly report: (error: unknown) => void,
  ) {}

  /** Marks still waiting for the store to answer. */
  get waiting(): number {
    return this.timers.size;
  }

  /** Starts releasing `key` if it holds `token`; the first try is sent at once. */
  release(key: string, token: string): void {
    this.attempt(key, token, Date.now() + this.ttlMs, FIRST_RETRY_MS);
  }

  /** Stops retrying (shutdown); returns how many marks were still unreleased. */
  close(): number {
    this.closed = true;
    const left = this.timers.size;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    return left;
  }

  private attempt(key: string, token: string, until: number, pauseMs: number): void {
    if (this.closed) return;
    // Called synchronously so that the delete is queued right behind the SET on the same connection.
    deleteMarkIf(this.store, key, token).catch((error: unknown) => {
      if (this.closed || Date.now() + pauseMs > until) {
        this.report(error);
        return;
      }
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.attempt(key, token, until, Math.min(pauseMs * 2, MAX_RETRY_MS));
      }, pauseMs);
      timer.unref();
      this.timers.add(timer);
    });
  }
}

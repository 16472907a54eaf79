/**
 * The raw-command capability of a Redis-backed {@link StateStore} (`RedisStateStore.redisCommand`),
 * which durable intake and the release of dedupe marks use for what the plain key-value interface
 * cannot do atomically.
 *
 * @module
 */
import type { StateStore } from '../state/stateStore';

/** A store that can also send raw Redis commands; keys are not prefixed for the caller. */
export interface RawRedisStore extends StateStore {
  /** Start of every key the store writes. */
  readonly prefix: string;
  /** Sends one command (name first) over the store's connection, bounded by its command timeout. */
  redisCommand(args: readonly [string, ...string[]]): Promise<unknown>;
}

/** True when `store` offers {@link RawRedisStore.redisCommand} (a `RedisStateStore`). */
export function isRawRedisStore(store: StateStore): store is RawRedisStore {
  const candidate = store as Partial<RawRedisStore>;
  return typeof candidate.prefix === 'string' && typeof candidate.redisCommand === 'function';
}

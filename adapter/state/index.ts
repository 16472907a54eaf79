/**
 * Shared state: the `StateStore` interface, the in-memory default and the Redis store.
 *
 * @module
 */
export { readThreadOwner, stateKeys, type ThreadOwnerRecord } from './keys';
export { MemoryStateStore, type MemoryStateStoreOptions } from './memoryStateStore';
export type { IoRedisLikeClient, NodeRedisLikeClient, RedisLikeClient } from './redisClient';
export {
  DEFAULT_REDIS_COMMAND_TIMEOUT_MS,
  DEFAULT_REDIS_PREFIX,
  RedisStateStore,
  type RedisStateStoreOptions,
} from './redisStateStore';
export type { StateStore } from './stateStore';

import NodeCache from 'node-cache';
import type { StateStore } from './stateStore';

/** Options of {@link MemoryStateStore}. */
export interface MemoryStateStoreOptions {
  /** How often (seconds) expired keys are swept from memory. Default 60. */
  checkPeriodSeconds?: number;
  /** Upper bound on stored keys; past it `set` rejects (node-cache `ECACHEFULL`). Default unbounded. */
  maxKeys?: number;
}

/**
 * The default {@link StateStore}: in-process memory on node-cache. Right for one instance; for several
 * instances behind a load balancer use `RedisStateStore`.
 *
 * Values are stored by reference (no cloning): treat what `get` returns as read-only.
 *
 * @example
 * ```ts
 * const adapter = new MessengerAdapter({ appSecret, verifyToken, accessToken, store: new MemoryStateStore() });
 * ```
 */
export class MemoryStateStore implements StateStore {
  private readonly cache: NodeCache;

  constructor(options: MemoryStateStoreOptions = {}) {
    this.cache = new NodeCache({
      stdTTL: 0,
      checkperiod: options.checkPeriodSeconds ?? 60,
      useClones: false,
      maxKeys: options.maxKeys ?? -1,
      deleteOnExpire: true,
    });
  }

  async get<T = unknown>(key: string): Promise<T | undefined> {
    return this.cache.get<T>(key);
  }

  async set<T = unknown>(key: string, value: T, ttlMs?: number): Promise<void> {
    this.cache.set(key, value, ttlSeconds(ttlMs));
  }

  async setIfAbsent<T = unknown>(key: string, value: T, ttlMs?: number): Promise<boolean> {
    // node-cache is synchronous, so has + set cannot interleave with another caller.
    if (this.cache.has(key)) return false;
    this.cache.set(key, value, ttlSeconds(ttlMs));
    return true;
  }

  async delete(key: string): Promise<void> {
    this.cache.del(key);
  }

  /** Number of keys currently held (expired keys may linger until the next sweep). */
  get size(): number {
    return this.cache.keys().length;
  }

  /** Stops the sweep timer so the process can exit; the store stays usable. */
  close(): void {
    this.cache.close();
  }
}

/** node-cache takes seconds; 0 means "no expiry". A TTL below 1 ms still expires. */
function ttlSeconds(ttlMs: number | undefined): number {
  if (ttlMs === undefined || ttlMs <= 0) return 0;
  return Math.max(ttlMs, 1) / 1000;
}

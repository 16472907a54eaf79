/**
 * The shared-state seam. Everything that must be shared when a bot runs as several instances
 * (window timestamps, thread owners, dedupe keys, uploaded attachment ids) goes through a
 * {@link StateStore}, never a module-level map.
 *
 * @module
 */

/**
 * An async key-value store with per-key time-to-live. Values must be JSON-serializable
 * (plain objects, arrays, strings, numbers, booleans, null).
 *
 * Implementations: {@link MemoryStateStore} (default, one process) and `RedisStateStore`
 * (several instances). A failing backend rejects with a `MessengerError` of code
 * `STORE_UNAVAILABLE`; it never pretends a key is absent.
 *
 * @example
 * ```ts
 * const store: StateStore = new MemoryStateStore();
 * await store.set('window:123-456', { lastUserAt: Date.now() }, 7 * 24 * 3600_000);
 * const first = await store.setIfAbsent('dedupe:m_abc', 1, 3600_000); // true once, then false
 * ```
 */
export interface StateStore {
  /** The value stored under `key`, or `undefined` when there is none (or it expired). */
  get<T = unknown>(key: string): Promise<T | undefined>;
  /** Stores `value` under `key`, replacing any value; `ttlMs` (optional) bounds its lifetime. */
  set<T = unknown>(key: string, value: T, ttlMs?: number): Promise<void>;
  /**
   * Stores `value` only if `key` holds nothing, atomically. Resolves `true` when this call stored it,
   * `false` when a value was already there (what dedupe and locks need).
   */
  setIfAbsent<T = unknown>(key: string, value: T, ttlMs?: number): Promise<boolean>;
  /** Removes `key`; resolves whether or not it existed. */
  delete(key: string): Promise<void>;
  /**
   * Optional. Stores the finite number `value` under `key` unless the key already holds a number at
   * least as large, atomically, and resolves the number in force afterwards (`value`, or the larger one
   * kept with its TTL). A value that is not a finite number is replaced. `ttlMs` applies when `value` is
   * stored. Records that only move forward (the messaging window's last user interaction) use it: one
   * round trip instead of a read and a write, and no lost update between two instances. Without it,
   * callers read and then write.
   */
  setIfGreater?(key: string, value: number, ttlMs?: number): Promise<number>;
}

/**
 * A {@link StateStore} over a `MemoryStateStore` that logs every operation and which event-loop turn
 * it was made in, so that tests can tell what a turn reads and writes, and which commands would leave
 * together on an auto-pipelined Redis connection (ioredis sends what was issued in one tick of the
 * event loop in one write: the store counts a new "tick" after each `setImmediate`).
 */
import { MemoryStateStore } from '../../adapter/state/memoryStateStore';
import type { StateStore } from '../../adapter/state/stateStore';

/** One logged operation: `get w:123-456`, `set hm:...`, `setIfGreater w:...`. */
export interface LoggedOp {
  readonly op: string;
  readonly key: string;
  /** The tick it was made in (operations of one tick would share one Redis round trip). */
  readonly tick: number;
}

/** Options of {@link CountingStore}. */
export interface CountingStoreOptions {
  /**
   * Answer like a pipelined Redis: the operations of one tick all settle after that tick, together
   * (a `setImmediate` later), instead of at once. Default false.
   */
  readonly roundTrips?: boolean;
  /** Offer `setIfGreater`, as `RedisStateStore` does (emulated: read, compare, write). Default true. */
  readonly setIfGreater?: boolean;
  /** Makes an operation fail: return the error to reject with. */
  readonly failWith?: (op: string, key: string) => Error | undefined;
}

/** A logging store; see the module comment. */
export class CountingStore implements StateStore {
  readonly memory = new MemoryStateStore();
  readonly log: LoggedOp[] = [];
  setIfGreater?: (key: string, value: number, ttlMs?: number) => Promise<number>;
  private tick = 0;
  private tickEnd: Promise<void> | undefined;

  constructor(private readonly options: CountingStoreOptions = {}) {
    if (options.setIfGreater !== false) {
      this.setIfGreater = async (key, value, ttlMs) => {
        await this.note('setIfGreater', key);
        const current = await this.memory.get<unknown>(key);
        if (typeof current === 'number' && Number.isFinite(current) && current >= value) return current;
        await this.memory.set(key, value, ttlMs);
        return value;
      };
    }
  }

  async get<T = unknown>(key: string): Promise<T | undefined> {
    await this.note('get', key);
    return this.memory.get<T>(key);
  }

  async set<T = unknown>(key: string, value: T, ttlMs?: number): Promise<void> {
    await this.note('set', key);
    await this.memory.set(key, value, ttlMs);
  }

  async setIfAbsent<T = unknown>(key: string, value: T, ttlMs?: number): Promise<boolean> {
    await this.note('setIfAbsent', key);
    return this.memory.setIfAbsent(key, value, ttlMs);
  }

  async delete(key: string): Promise<void> {
    await this.note('delete', key);
    await this.memory.delete(key);
  }

  /** The logged operations as `op key`, optionally only those whose key starts with one of `prefixes`. */
  ops(...prefixes: string[]): string[] {
    return this.log
      .filter((entry) => prefixes.length === 0 || prefixes.some((prefix) => entry.key.startsWith(prefix)))
      .map((entry) => `${entry.op} ${entry.key}`);
  }

  /** The logged operations grouped by tick (`op key` strings), in order. */
  rounds(): string[][] {
    const rounds = new Map<number, string[]>();
    for (const entry of this.log) {
      const round = rounds.get(entry.tick) ?? [];
      round.push(`${entry.op} ${entry.key}`);
      rounds.set(entry.tick, round);
    }
    return [...rounds.values()];
  }

  /** Forgets the log (not the data). */
  clearLog(): void {
    this.log.splice(0);
  }

  close(): void {
    this.memory.close();
  }

  /** Logs an operation in the current tick; resolves when it may run (after the tick, with `roundTrips`). */
  private note(op: string, key: string): Promise<void> | undefined {
    this.log.push({ op, key, tick: this.tick });
    if (this.tickEnd === undefined) {
      this.tickEnd = new Promise<void>((resolve) =>
        setImmediate(() => {
          this.tickEnd = undefined;
          this.tick++;
          resolve();
        }),
      );
    }
    const failure = this.options.failWith?.(op, key);
    if (failure) return Promise.reject(failure);
    return this.options.roundTrips === true ? this.tickEnd : undefined;
  }
}

import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { MessengerError } from '../../adapter/errors';
import { externalConnection, isRedisLikeClient, type RedisLikeClient } from '../../adapter/state/redisClient';
import type { AcquireManyResult, AcquireRequest, AcquireResult, RateLimitBackend } from './backend';
import { isNoScript } from '../../adapter/state/scriptReplies';
import { ACQUIRE_SCRIPT, ACQUIRE_SHA, PAUSE_SCRIPT, PAUSE_SHA } from './redisScripts';

/** Sends one raw Redis command, name first (`['EVALSHA', sha, '4', ...]`), and resolves with the reply. */
export type RedisCommand = (args: readonly [string, ...string[]]) => Promise<unknown>;

/**
 * The capability by which a `StateStore` offers its Redis connection to the rate limiter, so that
 * `new RateLimitMiddleware({ store })` shares budgets through the same Redis. `RedisStateStore`
 * implements it; any store of yours may too.
 *
 * @example
 * ```ts
 * class MyStore implements StateStore, RedisCommandStore {
 *   readonly prefix = 'bot:';
 *   redisCommand(args: readonly [string, ...string[]]) { return this.client.call(...args); }
 *   // get / set / setIfAbsent / delete ...
 * }
 * ```
 */
export interface RedisCommandStore {
  /** Start of every key the store writes; the limiter's keys start with it too. */
  readonly prefix: string;
  /**
   * Sends one raw command over the store's connection (the limiter sends `EVALSHA`, `EVAL`, `SET`,
   * `DEL`), bounded by the store's command timeout; rejects (ideally with `STORE_UNAVAILABLE`) on failure.
   */
  redisCommand(args: readonly [string, ...string[]]): Promise<unknown>;
}

/** True when `store` offers its Redis connection ({@link RedisCommandStore}). */
export function isRedisCommandStore(store: unknown): store is RedisCommandStore {
  if (typeof store !== 'object' || store === null) return false;
  const candidate = store as { prefix?: unknown; redisCommand?: unknown };
  return typeof candidate.prefix === 'string' && typeof candidate.redisCommand === 'function';
}

/** Options of {@link RedisRateLimitBackend}: give `client` (with an optional `prefix`) or `command` and `prefix`. */
export interface RedisRateLimitBackendOptions {
  /** An ioredis client (`Redis` or `Cluster`) or a connected node-redis v4+ client; never closed here. */
  client?: RedisLikeClient;
  /** A raw command sender (e.g. a store's `redisCommand`), instead of `client`. */
  command?: RedisCommand;
  /** Start of every key, default `'messenger:'`. Keys are `<prefix>rl:{<account>}:...`. */
  prefix?: string;
  /**
   * Clock for the budgets, epoch ms. Default: the Redis server's `TIME`, one clock for every
   * instance (their own clocks may disagree). Pass one only for tests.
   */
  clock?: () => number;
}

const acquireReplySchema = z.tuple([z.coerce.number(), z.coerce.number(), z.coerce.number()]);

/**
 * A {@link RateLimitBackend} on Redis: every bot instance that uses the same Redis and prefix draws
 * from one budget per account, so together they never exceed the limit in any window. Each call is
 * one atomic Lua script (`EVALSHA`, loaded on first use): GCRA pacing plus a sliding-window cap on a
 * sorted set, timed by the Redis server clock. Keys carry a `{account}` hash tag, so one account's
 * keys share a Redis Cluster slot; all of them expire on their own (after at most the window, the
 * pause or the slow-down).
 *
 * Failures reject with `STORE_UNAVAILABLE`; there is no fallback to local budgets.
 *
 * @example
 * ```ts
 * import Redis from 'ioredis';
 * const redis = new Redis(process.env.REDIS_URL!);
 * adapter.use(new RateLimitMiddleware({ backend: new RedisRateLimitBackend({ client: redis, prefix: 'shop-bot:' }) }));
 * ```
 */
export class RedisRateLimitBackend implements RateLimitBackend {
  /** Start of every key this backend writes. */
  readonly prefix: string;
  private readonly command: RedisCommand;
  private readonly clock: (() => number) | undefined;
  private readonly member = randomBytes(6).toString('hex');
  private sequence = 0;

  /** @throws MessengerError `CONFIG_INVALID` unless exactly one of `client` and `command` is given. */
  constructor(options: RedisRateLimitBackendOptions) {
    if ((options.client === undefined) === (options.command === undefined)) {
      throw new MessengerError(
        'CONFIG_INVALID',
        'RedisRateLimitBackend needs exactly one of `client` (an ioredis or node-redis client) and `command`.',
      );
    }
    if (options.client !== undefined && !isRedisLikeClient(options.client)) {
      throw new MessengerError(
        'CONFIG_INVALID',
        'RedisRateLimitBackend `client` must be an ioredis client (with `call`) or a node-redis v4+ client (with `sendCommand`).',
      );
    }
    this.command = options.command ?? externalConnection(options.client as RedisLikeClient).send;
    this.prefix = options.prefix ?? 'messenger:';
    this.clock = options.clock;
  }

  /**
   * The backend that shares budgets through `store`'s Redis, or `undefined` when the store does not
   * offer its connection ({@link RedisCommandStore}).
   */
  static fromStore(store: unknown): RedisRateLimitBackend | undefined {
    if (!isRedisCommandStore(store)) return undefined;
    return new RedisRateLimitBackend({ command: (args) => store.redisCommand(args), prefix: store.prefix });
  }

  async acquire(request: AcquireRequest): Promise<AcquireResult> {
    const { granted, retryInMs, paused } = await this.take(request, 1);
    return granted === 1 ? { granted: true } : { granted: false, retryInMs: Math.max(1, retryInMs), paused };
  }

  /**
   * Takes up to `count` slots in one `EVALSHA` (see {@link RateLimitBackend.acquireMany}): an account
   * queue with several conversations waiting pays one round trip for all of them.
   */
  async acquireMany(request: AcquireRequest, count: number): Promise<AcquireManyResult> {
    const wanted = Math.max(1, Math.floor(count));
    const { granted, retryInMs, paused } = await this.take(request, wanted);
    return granted >= wanted ? { granted, retryInMs: 0, paused: false } : { granted, retryInMs: Math.max(1, retryInMs), paused };
  }

  /** Runs the acquire script for `count` slots and checks its reply. */
  private async take(request: AcquireRequest, count: number): Promise<AcquireManyResult> {
    const keys = [
      this.key(request.account, 'p'),
      this.key(request.account, 's'),
      this.key(request.account, `${request.budget}:t`),
      this.key(request.account, `${request.budget}:l`),
    ];
    this.sequence = (this.sequence + 1) % Number.MAX_SAFE_INTEGER;
    const args = [
      String(request.limit),
      String(request.windowMs),
      String(request.burstMs),
      this.now(),
      `${this.member}:${this.sequence}`,
      String(count),
    ];
    const reply = await this.evaluate('acquire', ACQUIRE_SCRIPT, ACQUIRE_SHA, keys, args);
    const parsed = acquireReplySchema.safeParse(reply);
    if (!parsed.success || parsed.data[0] > count) {
      throw new MessengerError(
        'STORE_UNAVAILABLE',
        'The rate limiter got an unexpected reply from Redis: check that the server is Redis 6.2 or later ' +
          '(or a compatible one with Lua scripting).',
        { details: { operation: 'rateLimit.acquire' } },
      );
    }
    const [granted, retryInMs, paused] = parsed.data;
    return { granted, retryInMs, paused: paused === 1 };
  }

  async pause(account: string, forMs: number): Promise<void> {
    await this.evaluate(
      'pause',
      PAUSE_SCRIPT,
      PAUSE_SHA,
      [this.key(account, 'p')],
      [String(Math.max(0, Math.ceil(forMs))), this.now()],
    );
  }

  async slowDown(account: string, factor: number, forMs: number): Promise<void> {
    const key = this.key(account, 's');
    const args: [string, ...string[]] =
      factor >= 1 ? ['DEL', key] : ['SET', key, String(factor), 'PX', String(Math.max(1, Math.ceil(forMs)))];
    await this.run('slowDown', args);
  }

  /** The Redis key of one piece of an account's state (`{account}` is the Cluster hash tag). */
  key(account: string, part: string): string {
    return `${this.prefix}rl:{${account}}:${part}`;
  }

  private now(): string {
    return this.clock ? String(this.clock()) : '';
  }

  /** `EVALSHA`, or `EVAL` (which also caches the script) when the server does not know the script yet. */
  private async evaluate(
    operation: string,
    script: string,
    sha: string,
    keys: string[],
    args: string[],
  ): Promise<unknown> {
    const tail = [String(keys.length), ...keys, ...args];
    try {
      return await this.command(['EVALSHA', sha, ...tail]);
    } catch (error) {
      if (!isNoScript(error)) throw unavailable(operation, error);
    }
    return this.run(operation, ['EVAL', script, ...tail]);
  }

  private async run(operation: string, args: readonly [string, ...string[]]): Promise<unknown> {
    try {
      return await this.command(args);
    } catch (error) {
      throw unavailable(operation, error);
    }
  }
}

function unavailable(operation: string, error: unknown): MessengerError {
  if (MessengerError.is(error, 'STORE_UNAVAILABLE')) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new MessengerError(
    'STORE_UNAVAILABLE',
    `The rate limiter could not reach Redis (${operation}: ${reason}). Sends wait for a shared budget and are ` +
      'not made while Redis is unreachable: check that Redis is up and reachable from this instance.',
    { cause: error, details: { operation: `rateLimit.${operation}` } },
  );
}

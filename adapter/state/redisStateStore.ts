import { z } from 'zod';
import { MessengerError } from '../errors';
import {
  externalConnection,
  isRedisLikeClient,
  openIoredisConnection,
  type RedisConnection,
  type RedisLikeClient,
  targetOfUrl,
} from './redisClient';
import { corruptValue, RedisClosedError, RedisTimeoutError, storeUnavailable } from './redisErrors';
import { GET_MANY_SCRIPT, GET_MANY_SHA, readGetManyReply } from './getManyScript';
import { readSetIfAbsentManyReply, SET_IF_ABSENT_MANY_SCRIPT, SET_IF_ABSENT_MANY_SHA } from './setIfAbsentManyScript';
import { isNoScript } from './scriptReplies';
import {
  readSetIfGreaterManyReply,
  readSetIfGreaterReply,
  SET_IF_GREATER_MANY_SCRIPT,
  SET_IF_GREATER_MANY_SHA,
  SET_IF_GREATER_SCRIPT,
  SET_IF_GREATER_SHA,
  type SetIfGreaterReply,
} from './setIfGreaterScript';
import { TickBatch } from './tickBatch';
import type { StateStore } from './stateStore';

/** Default {@link RedisStateStoreOptions.prefix}. */
export const DEFAULT_REDIS_PREFIX = 'messenger:';
/** Default {@link RedisStateStoreOptions.commandTimeoutMs}. */
export const DEFAULT_REDIS_COMMAND_TIMEOUT_MS = 2000;

/**
 * Options of {@link RedisStateStore}. Give exactly one of `url` and `client`.
 *
 * @example
 * ```ts
 * const options: RedisStateStoreOptions = { url: process.env.REDIS_URL, prefix: 'shop-bot:' };
 * ```
 */
export interface RedisStateStoreOptions {
  /**
   * `redis://[user:password@]host[:port][/db]` or `rediss://...` (TLS). The store opens the connection
   * with ioredis (`npm install ioredis`), owns it, and ends it in {@link RedisStateStore.close}.
   */
  url?: string;
  /**
   * A client you created and own: ioredis (`Redis` or `Cluster`) or a connected node-redis v4+ client.
   * The store never closes it. For fail-closed behaviour without late writes, create an ioredis client
   * with `enableOfflineQueue: false` (else a command that timed out here may still run after a reconnect).
   */
  client?: RedisLikeClient;
  /** Start of every key the store writes, so that several bots (or apps) can share one Redis. Default `'messenger:'`. */
  prefix?: string;
  /**
   * Upper bound (ms) on each operation, including the wait for a (re)connection; past it the operation
   * rejects with `STORE_UNAVAILABLE`. Default 2000.
   */
  commandTimeoutMs?: number;
}

const optionsSchema = z
  .strictObject({
    url: z
      .string()
      .refine((url) => URL.canParse(url), 'must be a URL such as redis://127.0.0.1:6379/0')
      .refine((url) => !URL.canParse(url) || ['redis:', 'rediss:'].includes(new URL(url).protocol), {
        message: 'must start with redis:// or rediss:// (TLS)',
      })
      .refine((url) => !URL.canParse(url) || new URL(url).hostname !== '', 'must name a host')
      .optional(),
    client: z
      .custom<RedisLikeClient>(isRedisLikeClient, {
        message: 'must be an ioredis client (with `call`) or a node-redis v4+ client (with `sendCommand`)',
      })
      .optional(),
    prefix: z.string().optional(),
    commandTimeoutMs: z.number().int().positive().max(600_000).optional(),
  })
  .refine((o) => o.url !== undefined || o.client !== undefined, {
    message: 'give `url` (the store opens the connection) or `client` (a connected client of yours)',
  })
  .refine((o) => o.url === undefined || o.client === undefined, {
    message: 'give either `url` or `client`, not both',
  });

/**
 * A {@link StateStore} on Redis, for a bot that runs as several instances behind a load balancer:
 * messaging windows, thread owners, dedupe keys and upload ids are then shared by all of them.
 *
 * - Values are stored as JSON strings (`SET key json PX ttl`); every key starts with `prefix`.
 * - `setIfAbsent` is one atomic `SET ... NX PX`: across all instances exactly one caller wins.
 * - On the connection it opens from `url`, the reads, the `setIfAbsent` and the `setIfGreater` calls
 *   of one tick of the event loop go to Redis as one command per kind (a Lua script that handles each
 *   key on its own, with its own outcome), in the tick's one auto-pipelined write.
 * - **Fail closed.** When Redis cannot be reached, does not answer within `commandTimeoutMs`, or
 *   holds a value that is not JSON, every operation rejects with a `MessengerError` of code
 *   `STORE_UNAVAILABLE` naming the server (host:port, never the password) and what to check. There is
 *   no silent fallback to memory and no "key absent" guess: dedupe and thread-ownership callers treat
 *   the error as "do not act" (the event is not processed, the message is not sent), and the error
 *   reaches `onTurnError`. Meta delivers unacknowledged events again, so nothing is lost for good.
 * - With `url`, the connection is opened at construction (ioredis, loaded only then) and kept until
 *   {@link RedisStateStore.close}; it does not queue commands while Redis is down, and reconnects on
 *   its own. Call `close()` on shutdown so the process can exit.
 *
 * @example
 * ```ts
 * import { MessengerAdapter, RedisStateStore } from 'botbuilder-adapter-messenger';
 *
 * const store = new RedisStateStore({ url: process.env.REDIS_URL, prefix: 'shop-bot:' });
 * await store.ping(); // fail at startup, not at the first message, if Redis is unreachable
 * const adapter = new MessengerAdapter({ appSecret, verifyToken, accessToken, store });
 * process.once('SIGTERM', () => void store.close());
 * ```
 *
 * @example With a client you own, which stays open after close
 * ```ts
 * import Redis from 'ioredis';
 * const redis = new Redis(process.env.REDIS_URL!, { enableOfflineQueue: false });
 * const store = new RedisStateStore({ client: redis });
 * ```
 */
export class RedisStateStore implements StateStore {
  /** The start of every key this store writes. */
  readonly prefix: string;
  private readonly connection: RedisConnection;
  private readonly commandTimeoutMs: number;
  private closed = false;
  // The operations of one tick, each kind sent as one command on a connection to one server (see TickBatch).
  private readonly reads = new TickBatch<string, unknown>((keys) => this.readMany(keys));
  private readonly marks = new TickBatch<KeyedWrite, boolean>((writes) => this.setIfAbsentMany(writes));
  private readonly raises = new TickBatch<KeyedWrite, SetIfGreaterReply>((writes) => this.setIfGreaterMany(writes));

  /** @throws MessengerError `CONFIG_INVALID` for invalid options, or when `url` is given and ioredis is not installed. */
  constructor(options: RedisStateStoreOptions) {
    const parsed = optionsSchema.safeParse(options);
    if (!parsed.success) {
      const problems = parsed.error.issues
        .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')} ${issue.message}` : issue.message))
        .join('; ');
      throw new MessengerError('CONFIG_INVALID', `Invalid RedisStateStore options: ${problems}.`);
    }
    const { url, client, prefix, commandTimeoutMs } = parsed.data;
    this.prefix = prefix ?? DEFAULT_REDIS_PREFIX;
    this.commandTimeoutMs = commandTimeoutMs ?? DEFAULT_REDIS_COMMAND_TIMEOUT_MS;
    this.connection =
      url !== undefined
        ? openIoredisConnection(url, targetOfUrl(url), this.commandTimeoutMs)
        : externalConnection(client as RedisLikeClient);
  }

  /**
   * The value stored under `key`, or `undefined` when there is none (or it expired).
   *
   * @throws MessengerError `STORE_UNAVAILABLE` when Redis fails, or the stored value is not JSON.
   */
  async get<T = unknown>(key: string): Promise<T | undefined> {
    const reply = this.connection.oneServer ? await this.reads.add(this.prefix + key) : await this.run('get', ['GET', this.prefix + key]);
    if (reply === null || reply === undefined) return undefined;
    const text = Buffer.isBuffer(reply) ? reply.toString('utf8') : reply;
    if (typeof text !== 'string') throw corruptValue(key, this.prefix, this.connection.target, reply);
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw corruptValue(key, this.prefix, this.connection.target, error);
    }
  }

  /**
   * Stores `value` (JSON) under `key`, replacing any value and its TTL; `ttlMs` bounds its lifetime
   * (none, `0` or `Infinity`: no expiry).
   *
   * @throws MessengerError `CONFIG_INVALID` when `value` is not JSON-serializable; `STORE_UNAVAILABLE` when Redis fails.
   */
  async set<T = unknown>(key: string, value: T, ttlMs?: number): Promise<void> {
    await this.run('set', ['SET', this.prefix + key, encode(key, value), ...expiry(ttlMs)]);
  }

  /**
   * Stores `value` only if `key` holds nothing, atomically across every instance (`SET NX PX`).
   * Resolves `true` when this call stored it, `false` when a value was there (its TTL is kept).
   *
   * @throws MessengerError `CONFIG_INVALID` when `value` is not JSON-serializable; `STORE_UNAVAILABLE`
   *   when Redis fails (then nobody knows who won: do not act).
   */
  async setIfAbsent<T = unknown>(key: string, value: T, ttlMs?: number): Promise<boolean> {
    const write: KeyedWrite = { key: this.prefix + key, text: encode(key, value), ttl: expiry(ttlMs)[1] ?? '' };
    if (this.connection.oneServer) return this.marks.add(write);
    return this.setIfAbsentOne(write);
  }

  /**
   * Stores the finite number `value` unless `key` holds a number at least as large, in one atomic Lua
   * script (`EVALSHA`; `EVAL` once when the server does not have it cached). Resolves the number in
   * force: `value`, or the larger one, kept with its TTL. A JSON value that is not a finite number is
   * replaced; `ttlMs` (none, `0` or `Infinity`: no expiry) applies when `value` is stored.
   *
   * @throws MessengerError `CONFIG_INVALID` when `value` is not a finite number; `STORE_UNAVAILABLE` when
   *   Redis fails, or the stored value is not JSON (then nothing is written).
   */
  async setIfGreater(key: string, value: number, ttlMs?: number): Promise<number> {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new MessengerError(
        'CONFIG_INVALID',
        `setIfGreater stores finite numbers; got ${String(value)} for state key "${key}".`,
      );
    }
    const write: KeyedWrite = { key: this.prefix + key, text: encode(key, value), ttl: expiry(ttlMs)[1] ?? '' };
    const parsed = this.connection.oneServer ? await this.raises.add(write) : await this.setIfGreaterOne(write);
    if (parsed.outcome === 'corrupt') {
      throw corruptValue(key, this.prefix, this.connection.target, undefined, 'setIfGreater');
    }
    return parsed.outcome === 'stored' ? value : (JSON.parse(parsed.text) as number);
  }

  /**
   * Removes `key`; resolves whether or not it existed.
   *
   * @throws MessengerError `STORE_UNAVAILABLE` when Redis fails.
   */
  async delete(key: string): Promise<void> {
    await this.run('delete', ['DEL', this.prefix + key]);
  }

  /**
   * Checks that Redis answers (`PING`), e.g. at startup.
   *
   * @throws MessengerError `STORE_UNAVAILABLE` when it does not.
   */
  async ping(): Promise<void> {
    await this.run('ping', ['PING']);
  }

  /**
   * Ends the connection the store opened from `url` (a client passed as `client` stays open).
   * Afterwards every operation rejects with `STORE_UNAVAILABLE`. Safe to call more than once.
   */
  /**
   * Sends one raw command over this store's connection, bounded by its command timeout. Keys are NOT
   * prefixed: callers build them from {@link RedisStateStore.prefix}. `RateLimitMiddleware` uses it to
   * share its budget across instances through the same Redis (its `RedisCommandStore` capability).
   */
  async redisCommand(args: readonly [string, ...string[]]): Promise<unknown> {
    return this.run('redisCommand', args);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.connection.close();
  }

  /**
   * The raw replies for `keys` (prefixed), in order: one `GET`, or one script (`GET_MANY_SCRIPT`) for
   * several, whose failure for one key (another data type) rejects that key's read only.
   */
  private async readMany(keys: readonly [string, ...string[]]): Promise<readonly Promise<unknown>[]> {
    if (keys.length === 1) return [this.run('get', ['GET', keys[0]])];
    const reply = await this.evaluate('get', GET_MANY_SHA, GET_MANY_SCRIPT, [String(keys.length), ...keys]);
    const entries = readGetManyReply(reply, keys.length);
    if (entries === undefined) throw this.unexpectedReply('get', 'the batched read');
    return entries.map((entry) => ('error' in entry ? this.failedKey('get', entry.error) : Promise.resolve(entry.value)));
  }

  /** One `SET NX` (with its TTL); true when it stored the value. */
  private async setIfAbsentOne(write: KeyedWrite): Promise<boolean> {
    const ttl = write.ttl === '' ? [] : ['PX', write.ttl];
    const reply = await this.run('setIfAbsent', ['SET', write.key, write.text, 'NX', ...ttl]);
    return reply !== null && reply !== undefined;
  }

  /** The `SET NX`s of one tick: one command alone, else one script (`SET_IF_ABSENT_MANY_SCRIPT`). */
  private async setIfAbsentMany(writes: readonly [KeyedWrite, ...KeyedWrite[]]): Promise<readonly Promise<boolean>[]> {
    if (writes.length === 1) return [this.setIfAbsentOne(writes[0])];
    const reply = await this.evaluate('setIfAbsent', SET_IF_ABSENT_MANY_SHA, SET_IF_ABSENT_MANY_SCRIPT, scriptArgs(writes));
    const entries = readSetIfAbsentManyReply(reply, writes.length);
    if (entries === undefined) throw this.unexpectedReply('setIfAbsent', 'the batched setIfAbsent script');
    return entries.map((entry) => ('error' in entry ? this.failedKey('setIfAbsent', entry.error) : Promise.resolve(entry.stored)));
  }

  /** One run of `SET_IF_GREATER_SCRIPT`, its reply read. */
  private async setIfGreaterOne(write: KeyedWrite): Promise<SetIfGreaterReply> {
    const reply = await this.evaluate('setIfGreater', SET_IF_GREATER_SHA, SET_IF_GREATER_SCRIPT, ['1', write.key, write.text, write.ttl]);
    const parsed = readSetIfGreaterReply(reply);
    if (parsed === undefined) throw this.unexpectedReply('setIfGreater', 'the setIfGreater script');
    return parsed;
  }

  /** The `setIfGreater`s of one tick: one script run alone, else one `SET_IF_GREATER_MANY_SCRIPT`. */
  private async setIfGreaterMany(writes: readonly [KeyedWrite, ...KeyedWrite[]]): Promise<readonly Promise<SetIfGreaterReply>[]> {
    if (writes.length === 1) return [this.setIfGreaterOne(writes[0])];
    const reply = await this.evaluate('setIfGreater', SET_IF_GREATER_MANY_SHA, SET_IF_GREATER_MANY_SCRIPT, scriptArgs(writes));
    const entries = readSetIfGreaterManyReply(reply, writes.length);
    if (entries === undefined) throw this.unexpectedReply('setIfGreater', 'the batched setIfGreater script');
    return entries.map((entry) => ('error' in entry ? this.failedKey('setIfGreater', entry.error) : Promise.resolve(entry)));
  }

  /** `EVALSHA` of a script, or `EVAL` (which caches it again) when the server does not have it. */
  private async evaluate(operation: string, sha: string, script: string, tail: readonly string[]): Promise<unknown> {
    try {
      return await this.run(operation, ['EVALSHA', sha, ...tail]);
    } catch (error) {
      if (!isNoScript(error)) throw error;
      // A server restarted or flushed its script cache: EVAL runs the script and caches it again.
      return this.run(operation, ['EVAL', script, ...tail]);
    }
  }

  /** The error of one key of a batch (Redis refused the command for it: another data type). */
  private failedKey(operation: string, error: Error): Promise<never> {
    return Promise.reject(storeUnavailable(operation, this.connection.target, error));
  }

  private unexpectedReply(operation: string, what: string): MessengerError {
    return storeUnavailable(
      operation,
      this.connection.target,
      new Error(`unexpected reply to ${what}: is the server Redis 6.2 or later, with Lua scripting?`),
    );
  }

  /** Sends one command, bounded by `commandTimeoutMs`, and maps every failure to `STORE_UNAVAILABLE`. */
  private async run(operation: string, args: readonly [string, ...string[]]): Promise<unknown> {
    const { target } = this.connection;
    if (this.closed) throw storeUnavailable(operation, target, new RedisClosedError());
    let timer: NodeJS.Timeout | undefined;
    try {
      if (this.connection.timesOut) return await this.connection.send(args);
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new RedisTimeoutError(this.commandTimeoutMs)), this.commandTimeoutMs);
      });
      return await Promise.race([this.connection.send(args), timeout]);
    } catch (error) {
      if (/command timed out/i.test(error instanceof Error ? error.message : '')) {
        throw storeUnavailable(operation, target, new RedisTimeoutError(this.commandTimeoutMs));
      }
      throw storeUnavailable(operation, target, error, this.connection.lastConnectionError());
    } finally {
      if (timer !== undefined) clearTimeout(timer);
    }
  }
}

/** One write of a batch: the key (prefixed), the JSON text, and the TTL in ms ('' = none). */
interface KeyedWrite {
  readonly key: string;
  readonly text: string;
  readonly ttl: string;
}

/** The `numkeys key... (text ttl)...` arguments of a batched write script. */
function scriptArgs(writes: readonly KeyedWrite[]): string[] {
  return [String(writes.length), ...writes.map((write) => write.key), ...writes.flatMap((write) => [write.text, write.ttl])];
}

/** JSON text of a value; `CONFIG_INVALID` for what JSON cannot hold (undefined, functions, BigInt, cycles). */
function encode(key: string, value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new MessengerError(
      'CONFIG_INVALID',
      `The value for state key "${key}" cannot be stored: ${error instanceof Error ? error.message : String(error)}. ` +
        'StateStore values must be JSON-serializable (plain objects, arrays, strings, numbers, booleans, null).',
      { cause: error },
    );
  }
  if (text === undefined) {
    throw new MessengerError(
      'CONFIG_INVALID',
      `The value for state key "${key}" cannot be stored: ${typeof value} is not JSON. ` +
        'Use delete() to remove a key; store plain objects, arrays, strings, numbers, booleans or null.',
    );
  }
  return text;
}

/** `PX ms` arguments for a TTL: whole milliseconds, at least 1; none for no expiry. */
function expiry(ttlMs: number | undefined): string[] {
  if (ttlMs === undefined || ttlMs <= 0 || ttlMs === Number.POSITIVE_INFINITY) return [];
  if (Number.isNaN(ttlMs)) {
    throw new MessengerError('CONFIG_INVALID', 'A StateStore TTL must be a number of milliseconds; got NaN.');
  }
  return ['PX', String(Math.max(1, Math.ceil(ttlMs)))];
}

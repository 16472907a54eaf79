/**
 * The Redis connection behind `RedisStateStore`: either one the store opens from a URL (ioredis,
 * loaded lazily) or a client the caller passes in (ioredis or node-redis v4+). Both are reduced to
 * {@link RedisConnection}: send one command, close.
 *
 * @module
 */
import { MessengerError } from '../errors';
import { RedisClosedError, type RedisTarget, RedisTimeoutError } from './redisErrors';
import { copyWith } from '../copyWith';

/**
 * The part of an ioredis client (`Redis` or `Cluster`) the store uses: the generic `call`.
 *
 * @example
 * ```ts
 * import Redis from 'ioredis';
 * const client: IoRedisLikeClient = new Redis('redis://127.0.0.1:6379');
 * ```
 */
export interface IoRedisLikeClient {
  call(command: string, ...args: (string | number)[]): Promise<unknown>;
}

/**
 * The part of a node-redis (v4 and later) client the store uses: the generic `sendCommand`.
 *
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * const client: NodeRedisLikeClient = await createClient({ url: 'redis://127.0.0.1:6379' }).connect();
 * ```
 */
export interface NodeRedisLikeClient {
  sendCommand(args: string[]): Promise<unknown>;
}

/**
 * A Redis client the caller owns and passes to `RedisStateStore` as `client`: an ioredis client
 * (recognized by its `call` method) or a connected node-redis v4+ client (`sendCommand`).
 */
export type RedisLikeClient = IoRedisLikeClient | NodeRedisLikeClient;

/** True when `value` looks like a client {@link RedisLikeClient} accepts. */
export function isRedisLikeClient(value: unknown): value is RedisLikeClient {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { call?: unknown; sendCommand?: unknown };
  return typeof candidate.call === 'function' || typeof candidate.sendCommand === 'function';
}

/** One Redis connection as the store sees it. */
export interface RedisConnection {
  /** Where it points (for error messages). */
  readonly target: RedisTarget;
  /** Sends one command, name first (`['SET', key, value, 'NX']`), and resolves with the raw reply. */
  send(args: readonly [string, ...string[]]): Promise<unknown>;
  /**
   * True when `send` itself rejects once the store's command timeout has passed (a connection the
   * store opened: ioredis's `commandTimeout`, and a bounded wait for the connection), so the store adds
   * no timer of its own to each command. False for a client passed in, whose settings are the caller's.
   */
  readonly timesOut: boolean;
  /**
   * True when every key lives on the one server of this connection (not a Redis Cluster), so that one
   * command may carry keys of any slots: the store then sends the `GET`s of one tick as one `MGET`.
   * True for a connection the store opened from a URL; false for a client passed in.
   */
  readonly oneServer: boolean;
  /** The latest connection-level error, while the connection is down (owned connections only). */
  lastConnectionError(): unknown;
  /** Ends the connection if the store opened it; never closes a client passed in. */
  close(): Promise<void>;
}

/** Wraps a client the caller owns; `close()` leaves it open. */
export function externalConnection(client: RedisLikeClient): RedisConnection {
  const target = targetOfClient(client);
  const send =
    'call' in client && typeof client.call === 'function'
      ? (args: readonly [string, ...string[]]) => client.call(...args)
      : (args: readonly [string, ...string[]]) => (client as NodeRedisLikeClient).sendCommand([...args]);
  return { target, send, timesOut: false, oneServer: false, lastConnectionError: () => undefined, close: async () => {} };
}

/** What the store needs of an ioredis instance (declared here so `.d.ts` files never name ioredis). */
export interface IoredisInstance {
  status: string;
  call(command: string, ...args: (string | number)[]): Promise<unknown>;
  on(event: 'connecting' | 'ready' | 'end', listener: () => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  quit(): Promise<unknown>;
  disconnect(): void;
}
/** The ioredis `Redis` class, as {@link loadIoredis} returns it. */
export type IoredisConstructor = new (url: string, options: Record<string, unknown>) => IoredisInstance;

/**
 * Loads ioredis, which is an optional peer dependency needed only when the store opens the
 * connection itself (`url`). A missing module is `CONFIG_INVALID` saying what to install.
 *
 * @param load - `require` (a seam for tests)
 */
export function loadIoredis(load: (id: string) => unknown = require): IoredisConstructor {
  let mod: unknown;
  try {
    mod = load('ioredis');
  } catch (error) {
    const missing = (error as { code?: unknown }).code === 'MODULE_NOT_FOUND';
    throw new MessengerError(
      'CONFIG_INVALID',
      missing
        ? 'RedisStateStore opens its connection from `url` with the ioredis package, which is not installed: ' +
            'run `npm install ioredis`, or pass a connected client of your own as `client`.'
        : 'RedisStateStore could not load the ioredis package: reinstall it with `npm install ioredis`, ' +
            'or pass a connected client of your own as `client`.',
      { cause: error },
    );
  }
  const candidates = [mod, (mod as { default?: unknown })?.default, (mod as { Redis?: unknown })?.Redis];
  const ctor = candidates.find((c) => typeof c === 'function');
  if (ctor === undefined) {
    throw new MessengerError(
      'CONFIG_INVALID',
      'The installed ioredis package exports no Redis class: install ioredis 5 with `npm install ioredis@5`.',
    );
  }
  return ctor as IoredisConstructor;
}

/** Name of the connections the store opens (`CLIENT LIST` shows it), to tell them apart on the server. */
export const REDIS_CONNECTION_NAME = 'botbuilder-adapter-messenger';

/**
 * Opens (and owns) an ioredis connection set up to fail fast: no offline queue (a command is never
 * held back and sent later, after its caller was told it failed), no resending of unanswered
 * commands after a reconnect, bounded connect and command time. A command sent while a connection
 * attempt is under way waits for it, at most `commandTimeoutMs`; one sent while the connection is
 * down after a failed attempt fails at once with that attempt's error. ioredis keeps reconnecting
 * in the background (pauses of 200 ms doubling up to 2 s).
 */
export function openIoredisConnection(
  url: string,
  target: RedisTarget,
  commandTimeoutMs: number,
  Redis: IoredisConstructor = loadIoredis(),
): RedisConnection {
  const client = new Redis(url, {
    lazyConnect: false,
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    connectTimeout: commandTimeoutMs,
    commandTimeout: commandTimeoutMs,
    connectionName: REDIS_CONNECTION_NAME,
    // Commands issued in the same tick (the dedupe marks of a batch, the reads of concurrent turns)
    // go out in one socket write and come back in one read: fewer syscalls and Redis reads per turn.
    enableAutoPipelining: true,
    retryStrategy: (attempt: number) => Math.min(100 * 2 ** Math.min(attempt, 5), 2000),
  });
  return new OwnedIoredisConnection(client, target, commandTimeoutMs);
}

interface ReadyWaiter {
  resolve(): void;
  reject(error: unknown): void;
}

class OwnedIoredisConnection implements RedisConnection {
  /** ioredis times each command out after `commandTimeout`, and {@link waitUntilReady} is bounded too. */
  readonly timesOut = true;
  /** A `redis://` URL names one server (the store does not open Cluster connections). */
  readonly oneServer = true;
  private lastError: unknown;
  private readonly waiters = new Set<ReadyWaiter>();
  private closing: Promise<void> | undefined;

  constructor(
    private readonly client: IoredisInstance,
    readonly target: RedisTarget,
    private readonly timeoutMs: number,
  ) {
    // A new attempt starts: wait for its outcome instead of failing with the previous one's error.
    client.on('connecting', () => {
      this.lastError = undefined;
    });
    client.on('ready', () => {
      this.lastError = undefined;
      this.settleWaiters((w) => w.resolve());
    });
    // Listening also keeps ioredis from printing "Unhandled error event" for every reconnect attempt.
    client.on('error', (error) => {
      this.lastError = error;
      this.settleWaiters((w) => w.reject(error));
    });
    client.on('end', () => this.settleWaiters((w) => w.reject(new RedisClosedError())));
  }

  lastConnectionError(): unknown {
    return this.lastError;
  }

  async send(args: readonly [string, ...string[]]): Promise<unknown> {
    if (this.closing !== undefined) throw new RedisClosedError();
    if (this.client.status === 'ready') return this.client.call(...args);
    // Down, with the reason known (the last attempt failed): fail now rather than stall every caller
    // until the next attempt. A connection attempt under way is waited for, and the wait and the
    // command together stay within the timeout.
    if (this.lastError !== undefined) throw this.lastError;
    const deadline = performance.now() + this.timeoutMs;
    await this.waitUntilReady();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new RedisTimeoutError(this.timeoutMs)), Math.max(0, deadline - performance.now()));
    });
    try {
      return await Promise.race([this.client.call(...args), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  close(): Promise<void> {
    this.closing ??= this.end();
    return this.closing;
  }

  private async end(): Promise<void> {
    this.settleWaiters((w) => w.reject(new RedisClosedError()));
    if (this.client.status === 'ready') {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, this.timeoutMs);
      });
      // QUIT lets Redis answer what is in flight; a server that does not answer is cut off.
      await Promise.race([this.client.quit().catch(() => undefined), timeout]);
      clearTimeout(timer);
    }
    this.client.disconnect();
  }

  private waitUntilReady(): Promise<void> {
    if (this.client.status === 'end') return Promise.reject(new RedisClosedError());
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new RedisTimeoutError(this.timeoutMs));
      }, this.timeoutMs);
      const waiter: ReadyWaiter = {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.waiters.add(waiter);
    });
  }

  private settleWaiters(settle: (waiter: ReadyWaiter) => void): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const waiter of waiters) settle(waiter);
  }
}

/**
 * Host, port and db of a `redis://` / `rediss://` URL, and its password as a secret to scrub.
 * Throws a `TypeError` for a URL that does not parse (the caller validates first).
 */
export function targetOfUrl(url: string): RedisTarget {
  const parsed = new URL(url);
  const host = parsed.hostname;
  const port = parsed.port === '' ? 6379 : Number(parsed.port);
  const dbText = parsed.pathname.replace(/^\//, '');
  const db = /^\d+$/.test(dbText) ? Number(dbText) : undefined;
  const secrets = [
    ...new Set([parsed.password, safeDecode(parsed.password), parsed.searchParams.get('password') ?? '']),
  ]
    .filter((s) => s.length > 0)
    .sort((a, b) => b.length - a.length);
  return { label: `${host}:${port}`, host, port, ...(db === undefined ? {} : { db }), secrets };
}

/** Best effort host:port of a client passed in (ioredis `options`, node-redis `options`). */
function targetOfClient(client: RedisLikeClient): RedisTarget {
  const options = (client as { options?: unknown }).options;
  if (typeof options === 'object' && options !== null) {
    const o = options as {
      host?: unknown;
      port?: unknown;
      url?: unknown;
      socket?: unknown;
      password?: unknown;
    };
    const secrets = typeof o.password === 'string' && o.password.length > 0 ? [o.password] : [];
    if (typeof o.host === 'string' && typeof o.port === 'number') {
      return { label: `${o.host}:${o.port}`, host: o.host, port: o.port, secrets };
    }
    if (typeof o.url === 'string' && URL.canParse(o.url)) {
      const fromUrl = targetOfUrl(o.url);
      return copyWith(fromUrl, { secrets: [...fromUrl.secrets, ...secrets] });
    }
    const socket = o.socket as { host?: unknown; port?: unknown } | undefined;
    if (typeof socket?.host === 'string' && typeof socket.port === 'number') {
      return { label: `${socket.host}:${socket.port}`, host: socket.host, port: socket.port, secrets };
    }
  }
  return { secrets: [] };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

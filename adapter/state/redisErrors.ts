/**
 * Turns Redis failures into {@link MessengerError}s of code `STORE_UNAVAILABLE` whose message names
 * the server (host:port, never credentials), what failed and what to check.
 *
 * @module
 */
import { MessengerError } from '../errors';

/**
 * Where a Redis connection points, for error messages. `secrets` (the URL password) are never shown:
 * every message is scrubbed of them.
 */
export interface RedisTarget {
  /** `host:port`; absent when a client passed in does not tell. */
  readonly label?: string;
  /** Host name or IP, when known. */
  readonly host?: string;
  /** TCP port, when known. */
  readonly port?: number;
  /** Database index from the URL path, when given. */
  readonly db?: number;
  /** Texts that must never appear in an error (the password, raw and URL-decoded). */
  readonly secrets: readonly string[];
}

/** Why a store operation failed; part of `error.details.reason`. */
export type RedisFailureReason =
  | 'refused'
  | 'dns'
  | 'timeout'
  | 'auth'
  | 'connection'
  | 'closed'
  | 'reply'
  | 'corrupt-value';

/** A command (or the wait for a connection) that ran past `commandTimeoutMs`. */
export class RedisTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'RedisTimeoutError';
  }
}

/** The store (or its connection) was closed with `close()`. */
export class RedisClosedError extends Error {
  constructor() {
    super('the store was closed');
    this.name = 'RedisClosedError';
  }
}

/** Replaces every secret in `text` with `***`. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length > 0) out = out.split(secret).join('***');
  }
  return out;
}

/**
 * The `STORE_UNAVAILABLE` error for a failed Redis operation.
 *
 * @param operation - the store method (`get`, `set`, `setIfAbsent`, `delete`, `ping`)
 * @param target - where the connection points
 * @param cause - what the client (or our timeout) reported
 * @param lastConnectionError - the latest connection-level error seen on an owned connection; it
 *   explains generic client errors such as "Connection is closed"
 */
export function storeUnavailable(
  operation: string,
  target: RedisTarget,
  cause: unknown,
  lastConnectionError?: unknown,
): MessengerError {
  const explained = explain(cause, lastConnectionError, target);
  const message = scrubSecrets(
    `${serverName(target)} is unavailable (${operation}): ${explained.what}. ${explained.check} ` +
      'There is no fallback to memory: treat this as "do not act".',
    target.secrets,
  );
  return new MessengerError('STORE_UNAVAILABLE', message, {
    cause: safeCause(cause, target.secrets),
    details: {
      operation,
      reason: explained.reason,
      ...(target.host === undefined ? {} : { host: target.host }),
      ...(target.port === undefined ? {} : { port: target.port }),
      ...(target.db === undefined ? {} : { db: target.db }),
      ...(cause instanceof RedisTimeoutError ? { timeoutMs: cause.timeoutMs } : {}),
    },
  });
}

/** The `STORE_UNAVAILABLE` error for a stored value that is not JSON (another program wrote it). */
export function corruptValue(
  key: string,
  prefix: string,
  target: RedisTarget,
  cause: unknown,
  operation = 'get',
): MessengerError {
  return new MessengerError(
    'STORE_UNAVAILABLE',
    scrubSecrets(
      `${serverName(target)} holds a value under "${prefix}${key}" that is not JSON, so the store cannot ` +
        `read it. Another program probably writes under the prefix "${prefix}": give this store a prefix ` +
        'of its own (option prefix) or delete the key.',
      target.secrets,
    ),
    {
      cause: safeCause(cause, target.secrets),
      details: { operation, reason: 'corrupt-value' satisfies RedisFailureReason },
    },
  );
}

/** "Redis at host:port", or a description of the passed client when its address is unknown. */
function serverName(target: RedisTarget): string {
  return target.label === undefined ? 'Redis (the client passed as `client`)' : `Redis at ${target.label}`;
}

function hostPort(target: RedisTarget): string {
  return target.label ?? 'the host and port the client passed as `client` uses';
}

interface Explanation {
  reason: RedisFailureReason;
  what: string;
  check: string;
}

function explain(cause: unknown, lastConnectionError: unknown, target: RedisTarget): Explanation {
  if (cause instanceof RedisClosedError) {
    return {
      reason: 'closed',
      what: 'the store was closed with close()',
      check: 'Create a new RedisStateStore, or close the store only when the bot stops.',
    };
  }
  if (cause instanceof RedisTimeoutError) {
    const known = lastConnectionError === undefined ? undefined : classify(lastConnectionError, target);
    if (known !== undefined && known.reason !== 'reply') return known;
    return {
      reason: 'timeout',
      what: `no answer within ${cause.timeoutMs} ms`,
      check:
        `Check that ${hostPort(target)} is reachable from this machine (firewall, security group, VPN, TLS: ` +
        'rediss:// for a TLS port) and not overloaded, or raise commandTimeoutMs.',
    };
  }
  const direct = classify(cause, target);
  // Generic client errors ("Connection is closed", "Stream isn't writeable", max retries) carry no
  // reason: the connection-level error seen just before says why.
  if (direct.reason === 'connection' && lastConnectionError !== undefined && lastConnectionError !== cause) {
    const known = classify(lastConnectionError, target);
    if (known.reason !== 'reply') return known;
  }
  return direct;
}

function classify(error: unknown, target: RedisTarget): Explanation {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const text = error instanceof Error ? error.message : String(error);
  if (code === 'ECONNREFUSED') {
    return {
      reason: 'refused',
      what: 'connection refused (ECONNREFUSED)',
      check: `Check that Redis is running and listens on ${hostPort(target)}, and that the URL names the right host and port.`,
    };
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return {
      reason: 'dns',
      what: `the host name does not resolve (${code})`,
      check: 'Check the host in the URL and the DNS of this machine.',
    };
  }
  if (code === 'ETIMEDOUT' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    return {
      reason: 'timeout',
      what: `the server cannot be reached (${code})`,
      check: `Check that ${hostPort(target)} is reachable from this machine (firewall, security group, VPN).`,
    };
  }
  if (/NOAUTH|WRONGPASS|invalid password|invalid username-password|AUTH failed/i.test(text)) {
    return {
      reason: 'auth',
      what: 'Redis refused the credentials',
      check: 'Check the user name and password in the URL (or in the options of the client you passed).',
    };
  }
  if (
    /connection is closed|stream isn't writeable|max retries|the client is closed|socket closed|ECONNRESET|EPIPE/i.test(
      `${text} ${String(code)}`,
    )
  ) {
    return {
      reason: 'connection',
      what: 'the connection to Redis is down',
      check: `Check that Redis is running and reachable on ${hostPort(target)}; the client reconnects on its own.`,
    };
  }
  return {
    reason: 'reply',
    what: `Redis answered with an error: ${text}`,
    check: 'Check the Redis server logs and that nothing else writes other data types under this prefix.',
  };
}

/** The original error, unless its text contains a secret (then a scrubbed copy). */
function safeCause(cause: unknown, secrets: readonly string[]): unknown {
  if (!(cause instanceof Error)) return cause;
  const texts = `${cause.message}\n${cause.stack ?? ''}`;
  if (scrubSecrets(texts, secrets) === texts) return cause;
  const copy = new Error(scrubSecrets(cause.message, secrets));
  copy.name = cause.name;
  return copy;
}

/**
 * Transport failures (no HTTP answer) -> {@link MessengerError} `NETWORK_ERROR`, without leaking the
 * request: an axios error carries the whole request config (headers with the token, the body with
 * the message), so it is never kept as `cause`; a sanitized copy is.
 *
 * @module
 */
import { MessengerError } from '../errors';
import { redactSecrets } from './redact';

/**
 * Error codes raised before any byte of the request left: DNS failures, refused or unreachable
 * connections. Such a call is safe to retry even when it is not idempotent.
 */
export const BEFORE_SEND_ERROR_CODES: readonly string[] = [
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EADDRNOTAVAIL',
  // undici: no connection within its connect timeout, so nothing was written
  'UND_ERR_CONNECT_TIMEOUT',
];

/** What the transport knows about the failed attempt. */
export interface NetworkFailureContext {
  method: string;
  path: string;
  accountId: string;
  /** The client's own timer fired. */
  timedOut: boolean;
  timeoutMs: number;
  /** Strings that must not appear in the error (token, app secret, appsecret_proof). */
  redact: readonly string[];
}

function stringProperty(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const property = (value as Record<string, unknown>)[key];
  return typeof property === 'string' ? property : undefined;
}

/** A copy of `error` with only its name, code and redacted message: no config, request or response. */
export function sanitizeCause(error: unknown, redact: readonly string[]): Error {
  const message = stringProperty(error, 'message') ?? String(error);
  const copy = new Error(redactSecrets(message, redact));
  copy.name = stringProperty(error, 'name') ?? 'Error';
  const code = stringProperty(error, 'code');
  if (code !== undefined) Object.defineProperty(copy, 'code', { value: code, enumerable: true });
  copy.stack = `${copy.name}: ${copy.message}`;
  return copy;
}

/**
 * Maps a failure that produced no HTTP answer to `NETWORK_ERROR`. `details.maybeSent` is `false`
 * when the request surely never left (DNS, connection refused), `true` otherwise (timeout, reset):
 * then a send may have been delivered.
 */
export function toNetworkError(error: unknown, context: NetworkFailureContext): MessengerError {
  const errorCode = context.timedOut ? 'ETIMEDOUT' : (stringProperty(error, 'code') ?? 'UNKNOWN');
  const maybeSent = !BEFORE_SEND_ERROR_CODES.includes(errorCode);
  const call = `${context.method} ${context.path}`;
  const cause = sanitizeCause(error, context.redact);
  const what = context.timedOut
    ? `Graph did not answer '${call}' within ${context.timeoutMs} ms`
    : `Could not reach the Graph API for '${call}' (${errorCode}: ${cause.message})`;
  const todo = maybeSent
    ? 'The request may have reached Meta; a call that could deliver a message twice is not repeated automatically. Check the network and proxy settings; raise timeoutMs if Graph is just slow.'
    : 'Nothing was sent. Check the network, DNS and proxy settings, and graphApiUrl.';
  return new MessengerError('NETWORK_ERROR', `${what}. ${todo}`, {
    cause,
    details: {
      method: context.method,
      path: context.path,
      accountId: context.accountId,
      errorCode,
      timedOut: context.timedOut,
      maybeSent,
    },
  });
}

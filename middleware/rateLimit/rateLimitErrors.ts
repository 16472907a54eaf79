/**
 * The errors a send meets in the rate limiter: `QUEUE_FULL`, `RATE_LIMITED` (waited too long, or
 * throttled for longer than it may wait) and `STORE_UNAVAILABLE` (the shared backend failed).
 * Messages name ids and figures only, never message contents.
 *
 * @module
 */
import { type GraphApiError, MessengerError } from '../../adapter/errors';
import type { SendOperation } from '../../adapter/sendPipeline';

/** `QUEUE_FULL`: the account already has `maxQueue` messages waiting or in flight. */
export function queueFullError(op: SendOperation, maxQueue: number): MessengerError {
  return new MessengerError(
    'QUEUE_FULL',
    `The send queue of account ${op.accountId} is full (maxQueue: ${maxQueue} messages waiting or in flight), ` +
      'so this message was not sent. Retry later, send fewer messages at once, or raise maxQueue.',
    { details: { accountId: op.accountId, conversationId: op.conversationId, maxQueue } },
  );
}

/** `RATE_LIMITED`: the send waited `maxWaitMs` for a slot of the account's budget. */
export function waitedTooLongError(op: SendOperation, maxWaitMs: number, lastError: unknown): MessengerError {
  const throttled = lastError !== undefined;
  return new MessengerError(
    'RATE_LIMITED',
    `A message to conversation ${op.conversationId} waited ${maxWaitMs} ms (maxWaitMs) for its turn on account ` +
      `${op.accountId}${throttled ? ', which Meta throttled,' : ''} and was not sent. Send fewer messages at once, ` +
      'retry later, or raise maxWaitMs.',
    {
      details: { accountId: op.accountId, conversationId: op.conversationId, maxWaitMs },
      ...(throttled ? { cause: lastError } : {}),
    },
  );
}

/** `RATE_LIMITED`: Meta throttled the account for longer than this send may still wait. */
export function throttledTooLongError(
  op: SendOperation,
  error: GraphApiError,
  retryInMs: number,
): MessengerError {
  return new MessengerError(
    'RATE_LIMITED',
    `Meta throttled the Send API for account ${op.accountId} (Graph error ${error.graphCode}); the next attempt ` +
      `would be in ${Math.ceil(retryInMs / 1000)} s, past this message's maxWaitMs, so it was not sent. ` +
      'Retry after that time, or raise maxWaitMs.',
    {
      cause: error,
      details: {
        accountId: op.accountId,
        conversationId: op.conversationId,
        graphCode: error.graphCode,
        retryAfterMs: retryInMs,
      },
    },
  );
}

/** The error of a failing limiter backend, as `STORE_UNAVAILABLE` unless it already is a `MessengerError`. */
export function backendError(error: unknown): MessengerError {
  if (error instanceof MessengerError) return error;
  return new MessengerError(
    'STORE_UNAVAILABLE',
    `The rate limiter's backend failed (${error instanceof Error ? error.message : String(error)}), so the ` +
      'message was not sent: check the shared store (e.g. Redis) the limiter uses.',
    { cause: error },
  );
}

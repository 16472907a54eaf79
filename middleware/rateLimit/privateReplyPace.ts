/**
 * Pacing of private replies to comments (`recipient.comment_id`). Meta publishes a separate rate for
 * them on Instagram: 750 per hour per account for posts and reels (messenger-platform.md, "2026
 * additions", topics 3 and 7; Live comments allow 100/s, which the per-second budget already
 * keeps). No Facebook Page rate is documented, so Messenger private replies take only the usual
 * per-second budget.
 *
 * The hourly budget lives in the same {@link RateLimitBackend} as the per-second ones (memory, or
 * shared through Redis), under its own account key, so every instance draws from one budget.
 *
 * @module
 */
import { MessengerError } from '../../adapter/errors';
import type { MessengerChannelId } from '../../adapter/platform';
import type { SendOperation } from '../../adapter/sendPipeline';
import type { RateLimitBackend } from './backend';

/** Meta's published private-reply rate per account, per hour (Instagram posts and reels). */
export const PRIVATE_REPLY_LIMITS: Readonly<Partial<Record<MessengerChannelId, number>>> = { instagram: 750 };

const HOUR_MS = 60 * 60 * 1000;

/** True when `op` is a private reply (`recipient: { comment_id }`). */
export function isPrivateReply(op: SendOperation): boolean {
  const recipient = op.body.recipient as Record<string, unknown>;
  return typeof recipient.comment_id === 'string';
}

/** The backend account key of an account's hourly private-reply budget. */
export function privateReplyAccountKey(accountId: string): string {
  return `${accountId}:private_replies`;
}

/**
 * Waits for a slot of the account's hourly private-reply budget (a no-op where none is published).
 * Bursts are allowed up to the hourly figure; no window of one hour ever holds more grants.
 *
 * @throws MessengerError `RATE_LIMITED` when no slot frees up within `maxWaitMs` (nothing was sent).
 */
export async function pacePrivateReply(
  op: SendOperation,
  backend: RateLimitBackend,
  options: { readonly maxWaitMs: number; readonly now: () => number },
): Promise<void> {
  const limit = PRIVATE_REPLY_LIMITS[op.channelId];
  if (limit === undefined || !isPrivateReply(op)) return;
  const deadline = options.now() + options.maxWaitMs;
  for (;;) {
    const answer = backend.acquire({
      account: privateReplyAccountKey(op.accountId),
      budget: 'text',
      limit,
      windowMs: HOUR_MS,
      burstMs: HOUR_MS,
    });
    const result = answer instanceof Promise ? await answer : answer;
    if (result.granted) return;
    if (options.now() + result.retryInMs > deadline) {
      throw new MessengerError(
        'RATE_LIMITED',
        `Account ${op.accountId} has used Meta's ${limit} private replies per hour; the next slot is ` +
          `${Math.ceil(result.retryInMs / 1000)} s away, longer than maxWaitMs. Nothing was sent: retry later, or ` +
          'reply publicly (replyToComment), which has no such limit.',
        { details: { accountId: op.accountId, rule: 'private-replies-per-hour', limit, retryInMs: result.retryInMs } },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, result.retryInMs));
  }
}

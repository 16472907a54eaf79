/**
 * Errors the sandbox's own API (not its Graph API stand-in) raises to the code driving it.
 *
 * @module
 */
import { MessengerError, type MessengerErrorCode } from '../adapter/errors';

/**
 * Why a sandbox call failed. Switch on `error.reason`.
 *
 * | reason | meaning |
 * |---|---|
 * | `INVALID_ARGUMENT` | a sandbox option or call argument is wrong |
 * | `UNKNOWN_ACCOUNT` | no configured Page / Instagram account with that id |
 * | `NOT_OFFERED` | the user tapped a quick reply or button the bot never offered |
 * | `WINDOW_CLOSED` | a human agent cannot reply: the user wrote more than 7 days ago |
 * | `NOT_THREAD_OWNER` | the Page Inbox cannot hand back a conversation it does not control |
 * | `WEBHOOK_VERIFICATION_FAILED` | the bot did not echo `hub.challenge` for the verify token |
 * | `WEBHOOK_NOT_ACKNOWLEDGED` | the bot did not answer a webhook POST with 200 (after retries) |
 * | `NO_WEBHOOK` | an event was due but no bot webhook is subscribed yet |
 * | `TIMEOUT` | `waitFor` / `nextReply` saw no matching message in time |
 */
export type SandboxErrorReason =
  | 'INVALID_ARGUMENT'
  | 'UNKNOWN_ACCOUNT'
  | 'NOT_OFFERED'
  | 'WINDOW_CLOSED'
  | 'NOT_THREAD_OWNER'
  | 'WEBHOOK_VERIFICATION_FAILED'
  | 'WEBHOOK_NOT_ACKNOWLEDGED'
  | 'NO_WEBHOOK'
  | 'TIMEOUT';

const CODE_OF: Record<SandboxErrorReason, MessengerErrorCode> = {
  INVALID_ARGUMENT: 'CONFIG_INVALID',
  UNKNOWN_ACCOUNT: 'CONFIG_INVALID',
  NOT_OFFERED: 'CONFIG_INVALID',
  WINDOW_CLOSED: 'MESSAGING_WINDOW_CLOSED',
  NOT_THREAD_OWNER: 'NOT_THREAD_OWNER',
  WEBHOOK_VERIFICATION_FAILED: 'CONFIG_INVALID',
  WEBHOOK_NOT_ACKNOWLEDGED: 'NETWORK_ERROR',
  NO_WEBHOOK: 'CONFIG_INVALID',
  TIMEOUT: 'NETWORK_ERROR',
};

/**
 * A failure of the sandbox's programmatic API: a {@link MessengerError} whose `code` is the nearest
 * package code and whose `reason` says exactly what went wrong.
 *
 * @example
 * ```ts
 * try {
 *   await user.tapQuickReply('PICK_BLUE');
 * } catch (error) {
 *   if (error instanceof SandboxError && error.reason === 'NOT_OFFERED') console.log(error.message);
 * }
 * ```
 */
export class SandboxError extends MessengerError {
  /** The precise cause. */
  readonly reason: SandboxErrorReason;

  constructor(reason: SandboxErrorReason, message: string, details?: Record<string, unknown>) {
    super(CODE_OF[reason], message, details === undefined ? {} : { details });
    this.name = 'SandboxError';
    this.reason = reason;
  }
}

import type { PlainActivity } from './activity';
import { type GraphUsage, MessengerError } from './errors';
import type { MessengerChannelId } from './platform';
import type { TurnStateHolder } from './turnContext';

/** Which Send API budget a call spends: Meta limits audio and video separately from everything else. */
export type SendBudget = 'text' | 'media';

/** The JSON body of a Send API call (`POST /me/messages`), snake_case as Meta takes it. */
export interface SendApiBody {
  recipient: { id: string } | { comment_id: string } | { post_id: string } | { user_ref: string };
  messaging_type?: 'RESPONSE' | 'UPDATE' | 'MESSAGE_TAG' | 'UTILITY';
  tag?: string;
  notification_type?: 'REGULAR' | 'SILENT_PUSH' | 'NO_PUSH';
  persona_id?: string;
  sender_action?: string;
  message?: Record<string, unknown>;
  reply_to?: { mid: string };
  thread_control?: { app_id?: string; control_type: 'pass' | 'release' };
  [key: string]: unknown;
}

/** One Graph call the adapter is about to make for an outgoing activity. */
export interface SendOperation {
  /** `message` (Send API message), `sender_action` (typing, mark seen). */
  readonly kind: 'message' | 'sender_action';
  readonly channelId: MessengerChannelId;
  /** Page id or Instagram account id the call is made for. */
  readonly accountId: string;
  /** PSID / IGSID of the recipient. */
  readonly userId: string;
  /** `${userId}-${accountId}`. */
  readonly conversationId: string;
  /** The rate-limit budget this call spends. */
  readonly budget: SendBudget;
  /** The body that will be posted; interceptors may replace fields before calling `next`. */
  readonly body: SendApiBody;
  /**
   * The outgoing activity this call carries, as it reached the adapter (after the middleware's
   * rewrites); one activity may make several calls (text, then each attachment). Read it, do not
   * change it: the call is already built from it.
   */
  readonly activity?: PlainActivity;
}

/** What the Send API answered. */
export interface SendResult {
  /** Graph `message_id` (absent for sender actions). */
  messageId?: string;
  /** Graph `recipient_id`, when given. */
  recipientId?: string;
  /** Meta's usage headers of the answer, when it sent any (the rate limiter slows down near the quota). */
  usage?: GraphUsage;
}

/**
 * Wraps each Graph send of a turn, like grammY's API transformers: pacing, retries after throttling,
 * and state corrections after policy errors live here. Call `next(op)` once to send (or
 * resolve/reject without calling it to hold the call back); after it rejects, you may call it again
 * to retry (never while a call is pending, never after one succeeded).
 */
export type SendInterceptor = (
  op: SendOperation,
  next: (op: SendOperation) => Promise<SendResult>,
) => Promise<SendResult>;

/** turnState key of the turn's interceptor list. */
export const SendInterceptorsKey: unique symbol = Symbol('botbuilder-adapter-messenger.sendInterceptors');

/**
 * Registers `interceptor` for every Graph send of this turn. The first registered is the outermost.
 *
 * @example
 * ```ts
 * // in a middleware's onTurn:
 * addSendInterceptor(context, async (op, next) => {
 *   console.log('sending to', op.conversationId);
 *   return next(op);
 * });
 * ```
 */
export function addSendInterceptor(context: TurnStateHolder, interceptor: SendInterceptor): void {
  const list = (context.turnState.get(SendInterceptorsKey) as SendInterceptor[] | undefined) ?? [];
  context.turnState.set(SendInterceptorsKey, [...list, interceptor]);
}

/** The interceptors registered on this turn, outermost first. */
export function getSendInterceptors(context: TurnStateHolder): readonly SendInterceptor[] {
  return (context.turnState.get(SendInterceptorsKey) as SendInterceptor[] | undefined) ?? [];
}

/** Runs `send` through `interceptors` (outermost first). */
export function runSendPipeline(
  interceptors: readonly SendInterceptor[],
  op: SendOperation,
  send: (op: SendOperation) => Promise<SendResult>,
): Promise<SendResult> {
  const dispatch = (index: number, current: SendOperation): Promise<SendResult> => {
    const interceptor = interceptors[index];
    if (!interceptor) return send(current);
    // `next` may be called again after its previous call rejected (a retry, e.g. after throttling),
    // never while a call is pending or after one succeeded: a message is sent at most once.
    let state: 'idle' | 'pending' | 'sent' = 'idle';
    return interceptor(current, (next) => {
      if (state !== 'idle') {
        return Promise.reject(
          new MessengerError(
            'CONFIG_INVALID',
            state === 'pending'
              ? 'A SendInterceptor called next() while its previous call was still pending; await it first.'
              : 'A SendInterceptor called next() again after the send succeeded; a message is sent only once.',
          ),
        );
      }
      state = 'pending';
      return dispatch(index + 1, next).then(
        (result) => {
          state = 'sent';
          return result;
        },
        (error: unknown) => {
          state = 'idle';
          throw error;
        },
      );
    });
  };
  return dispatch(0, op);
}

/**
 * The send record of a message Meta's side refused: the rule it broke, in words, and Meta's error.
 *
 * @module
 */
import type { JsonObject } from '../world/types';
import type { SendRecord } from '../world/sendRecord';
import { windowRuleOf } from '../world/sendRecord';
import type { GraphFailure } from './graphErrors';

/** What the bot tried to send, as the Send API body says it. */
export interface Attempt {
  message: unknown;
  messagingType: string;
  tag: string | undefined;
}

/** The record of `attempt`, refused with `failure` (window, thread control, content or tag rules). */
export function refusalOf(failure: GraphFailure, attempt: Attempt): Omit<SendRecord, 'seq' | 'at' | 'windowState'> {
  const { code, error_subcode: subcode } = failure.error;
  const rule =
    code === 10
      ? windowRuleOf(attempt.messagingType, attempt.tag)
      : code === 2018300 || subcode === 2534037
        ? 'thread control: only the app that owns the thread may send'
        : 'Send API parameters and message content';
  const message =
    typeof attempt.message === 'object' && attempt.message !== null ? (attempt.message as JsonObject) : undefined;
  return {
    outcome: 'refused',
    refusedBy: 'meta',
    rule,
    reason: failure.error.message,
    errorCode: subcode === undefined ? String(code) : `${code}/${subcode}`,
    messagingType: attempt.messagingType,
    ...(attempt.tag === undefined ? {} : { tag: attempt.tag }),
    ...(message === undefined ? {} : { message }),
  };
}

/**
 * The send records of the Send API: each message the bot sends is recorded as sent, or as refused
 * with the rule it broke, in words, and Meta's error.
 *
 * @module
 */
import type { Engine } from '../engine';
import type { SendRecord, WindowStateName } from '../world/sendRecord';
import { windowRuleOf } from '../world/sendRecord';
import type { Conversation, JsonObject } from '../world/types';
import type { GraphAnswer } from './call';
import { GraphFailure } from './graphErrors';
import { windowState } from './windowRules';

/** What the bot tried to send, as the Send API body says it. */
export interface Attempt {
  message: unknown;
  messagingType: string;
  tag: string | undefined;
}

/**
 * Runs `send` (the Send API's handling of a message) and records the attempt: sent (with its `mid`),
 * or refused by one of Meta's rules (then rethrows the failure).
 */
export function recordingSend(
  engine: Engine,
  conversation: Conversation,
  attempt: Attempt,
  send: () => GraphAnswer,
): GraphAnswer {
  let answer: GraphAnswer;
  try {
    answer = send();
  } catch (error) {
    if (error instanceof GraphFailure) {
      const window = windowState(engine.clock.now(), conversation.lastUserMessageAt).state;
      engine.recordSend(conversation, refusalOf(error, attempt, window));
    }
    throw error;
  }
  const mid = (answer.body as { message_id?: unknown }).message_id;
  engine.recordSend(conversation, {
    outcome: 'sent',
    ...(typeof mid === 'string' ? { mid } : {}),
    messagingType: attempt.messagingType,
    ...(attempt.tag === undefined ? {} : { tag: attempt.tag }),
    rule: windowRuleOf(attempt.messagingType, attempt.tag),
  });
  return answer;
}

/**
 * The record of `attempt`, refused with `failure` (window, thread control, content or tag rules).
 *
 * @param window the messaging window when the bot tried.
 */
export function refusalOf(
  failure: GraphFailure,
  attempt: Attempt,
  window: WindowStateName,
): Omit<SendRecord, 'seq' | 'at' | 'windowState'> {
  const { code, error_subcode: subcode } = failure.error;
  const windowRule = code === 10;
  const threadRule = code === 2018300 || subcode === 2534037;
  const rule = windowRule
    ? windowRuleOf(attempt.messagingType, attempt.tag)
    : threadRule
      ? 'thread control: only the app that owns the thread may send'
      : 'Send API parameters and message content';
  const reason = windowRule
    ? window === 'human_agent'
      ? 'the 24-hour window is closed: only a HUMAN_AGENT-tagged reply written by a person may go out now.'
      : 'the user last wrote more than 7 days ago (or never): nothing may go out until they write again.'
    : threadRule
      ? 'another app (the Inbox) owns the thread: the bot may send again once the thread is handed back.'
      : failure.error.message;
  const message =
    typeof attempt.message === 'object' && attempt.message !== null ? (attempt.message as JsonObject) : undefined;
  return {
    outcome: 'refused',
    refusedBy: 'meta',
    rule,
    reason,
    detail: failure.error.message,
    errorCode: subcode === undefined ? String(code) : `${code}/${subcode}`,
    messagingType: attempt.messagingType,
    ...(attempt.tag === undefined ? {} : { tag: attempt.tag }),
    ...(message === undefined ? {} : { message }),
  };
}

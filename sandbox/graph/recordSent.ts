/**
 * The record of a Send API message the sandbox accepted, shared by the Send API and private replies.
 *
 * @module
 */
import type { Engine } from '../engine';
import type { Conversation, JsonObject } from '../world/types';

/** Records a Send API message the sandbox accepted (what `sandbox.sent()` and `waitFor` read). */
export function recordSentMessage(
  engine: Engine,
  conversation: Conversation,
  mid: string,
  now: number,
  message: JsonObject,
  body: JsonObject,
): void {
  const { account } = conversation;
  engine.recordSent({
    accountId: account.id,
    platform: account.platform,
    userId: conversation.user.id,
    messageId: mid,
    at: now,
    ...(typeof message.text === 'string' ? { text: message.text } : {}),
    body,
  });
}

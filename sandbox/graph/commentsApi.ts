/**
 * Replies to comments (messenger-platform.md, "2026 additions", topic 7): the one private reply per
 * comment through the Send API (`recipient: { comment_id }`, within 7 days), and public replies
 * (`POST /{comment-id}/comments` on a Page, `POST /{ig-comment-id}/replies` on Instagram).
 *
 * The error codes of a second private reply (10900, "Activity already replied to") and of one past 7
 * days (10903) are the ones integrations report; Meta's reference pages do not list them.
 *
 * @module
 */
import { commentsOf, type SandboxComment } from '../actions/social';
import { DAY_MS } from '../clock';
import { describe, type Engine } from '../engine';
import * as ids from '../ids';
import type { JsonObject } from '../world/types';
import { accountsAt, type GraphAnswer, type GraphCall, type GraphHandler } from './call';
import { GraphFailure, graphErrors } from './graphErrors';
import { checkMessage } from './messageRules';
import { recordSentMessage } from './recordSent';
import type { SendThrottle } from './throttle';

/** How long after a comment its private reply is accepted. */
export const PRIVATE_REPLY_WINDOW_MS = 7 * DAY_MS;

function commentFor(engine: Engine, id: string, accounts: GraphCall['accounts']): SandboxComment {
  const comment = commentsOf(engine.world).get(id);
  if (comment === undefined || !accounts.includes(comment.conversation.account)) {
    throw graphErrors.invalidParameter(`Param ${id} is not a comment on a post of this Page or account`);
  }
  return comment;
}

/** `POST /me/messages` with `recipient: { comment_id }`: the comment's one private reply. */
export function privateReply(
  call: GraphCall,
  engine: Engine,
  commentId: string,
  message: unknown,
  throttle: SendThrottle,
): GraphAnswer {
  const comment = commentFor(engine, commentId, accountsAt(call));
  const { conversation } = comment;
  const { account } = conversation;
  const now = engine.clock.now();
  const headers = throttle.take(account, false, now);
  if (comment.privateReplyMid !== undefined) {
    throw new GraphFailure({ message: '(#10900) Activity already replied to', type: 'OAuthException', code: 10900 });
  }
  if (now - comment.createdAt > PRIVATE_REPLY_WINDOW_MS) {
    throw new GraphFailure({
      message: '(#10903) This activity can no longer be replied to (private replies are allowed for 7 days)',
      type: 'OAuthException',
      code: 10903,
    });
  }
  checkMessage(message, {
    platform: account.platform,
    hasAttachment: (attachmentId) => engine.world.uploads.get(attachmentId)?.accountId === account.id,
  });
  const sent = message as JsonObject;
  const mid = ids.messageId(account.platform, account.id);
  const entry = engine.record(conversation, { mid, at: now, author: 'bot', appId: engine.appId, message: sent });
  recordSentMessage(engine, conversation, mid, now, sent, call.body);
  comment.privateReplyMid = mid;
  void engine.followPageMessage(conversation, entry);
  return {
    body: { recipient_id: conversation.user.id, message_id: mid },
    headers,
    note: `private reply to comment ${commentId}: ${describe(sent)}`,
    conversationId: conversation.id,
  };
}

/** `POST /{comment-id}/comments` (Page) and `POST /{ig-comment-id}/replies` (Instagram): a public reply. */
export const publicReply: GraphHandler = (call, { engine }) => {
  const comment = commentFor(engine, call.node, call.accounts);
  const platform = comment.conversation.account.platform;
  const edge = call.path.split('/').at(-1);
  if ((platform === 'instagram') !== (edge === 'replies')) {
    throw graphErrors.unknownPath(call.path);
  }
  const text = call.body.message ?? call.query.message;
  if (typeof text !== 'string' || text === '') throw graphErrors.invalidParameter('Param message is required');
  const id = platform === 'instagram' ? ids.numericId(17) : `${comment.id.split('_')[0]}_${ids.numericId(15)}`;
  comment.replies.push({ id, text });
  engine.changed();
  return { body: { id }, note: `public reply to comment ${comment.id}`, conversationId: comment.conversation.id };
};

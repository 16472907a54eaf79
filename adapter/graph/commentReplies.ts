/**
 * Public replies to comments (messenger-platform.md, "2026 additions", topic 7): the answer shows
 * under the comment for everyone. Private replies go through the Send API instead (a bot's reply in a
 * `messenger.comment` turn).
 *
 * @module
 */
import { z } from 'zod';
import type { MessengerChannelId } from '../platform';
import type { GraphClient } from './graphClient';
import { checkId, invalid } from './inputs';

const createdSchema = z.object({ id: z.string().min(1) });

/**
 * Replies publicly to a comment: `POST /{comment-id}/comments` on a Facebook Page,
 * `POST /{ig-comment-id}/replies` on Instagram (top-level, visible comments only; not on Live).
 * Unlike a private reply, a comment may get any number of public replies.
 *
 * @returns the id of the new comment.
 *
 * @example
 * ```ts
 * const value = context.activity.value as { value: { comment_id: string } };
 * await replyToComment(adapter.graph, pageId, value.value.comment_id, 'Thanks! We sent you the details.');
 * ```
 */
export async function replyToComment(
  graph: GraphClient,
  accountId: string,
  commentId: string,
  message: string,
  channelId: MessengerChannelId = 'facebook',
): Promise<{ id: string }> {
  checkId('commentId', commentId);
  if (typeof message !== 'string' || message.trim() === '') {
    throw invalid('replyToComment needs the text of the reply.');
  }
  const edge = channelId === 'instagram' ? 'replies' : 'comments';
  const { data } = await graph.raw(accountId, 'POST', `/${commentId}/${edge}`, {
    body: { message },
    schema: createdSchema,
  });
  return { id: data.id };
}

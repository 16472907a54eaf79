/**
 * The Conversations API: find the thread with a person and read its messages, so a desk can sync
 * the history (Messenger, and Instagram with `platform=instagram`).
 *
 * @module
 */
import { z } from 'zod';
import type { MessengerChannelId } from '../platform';
import type { GraphClient } from './graphClient';
import { checkId, invalid } from './inputs';

const graphId = z.union([z.string().min(1), z.number()]).transform(String);

const participantSchema = z.looseObject({
  id: graphId,
  name: z.string().optional(),
  username: z.string().optional(),
  email: z.string().optional(),
});

const messageSchema = z.looseObject({
  id: z.string(),
  created_time: z.string().optional(),
  from: participantSchema.optional(),
  to: z.looseObject({ data: z.array(participantSchema) }).optional(),
  message: z.string().optional(),
});

/** A message of a thread, as the Conversations API returns it. */
export type ConversationMessage = z.infer<typeof messageSchema>;

/** Fields read for each message. */
export const CONVERSATION_MESSAGE_FIELDS = 'id,created_time,from,to,message';

function platformQuery(channelId: MessengerChannelId): Record<string, string> {
  return channelId === 'instagram' ? { platform: 'instagram' } : {};
}

/**
 * The id of the thread with `userId` (`GET /me/conversations?user_id=`), or `undefined` when there is
 * none.
 */
export async function findConversation(
  graph: GraphClient,
  accountId: string,
  userId: string,
  channelId: MessengerChannelId = 'facebook',
): Promise<string | undefined> {
  checkId('userId', userId);
  const { data } = await graph.raw(accountId, 'GET', '/me/conversations', {
    query: { user_id: userId, ...platformQuery(channelId) },
    schema: z.object({ data: z.array(z.looseObject({ id: z.string() })) }),
  });
  return data.data[0]?.id;
}

/**
 * The messages of a thread, newest first (`GET /{conversation-id}/messages`), one page of `limit`
 * (default 25); pass the returned `after` cursor to read older ones.
 *
 * @example
 * ```ts
 * const thread = await findConversation(adapter.graph, pageId, psid);
 * if (thread) {
 *   const { messages, after } = await readConversationMessages(adapter.graph, pageId, thread, { limit: 50 });
 * }
 * ```
 */
export async function readConversationMessages(
  graph: GraphClient,
  accountId: string,
  conversationId: string,
  options: { limit?: number; after?: string } = {},
): Promise<{ messages: ConversationMessage[]; after?: string }> {
  // Thread ids are `t_<digits>` on Messenger and base64 text (which may end in `=`) on Instagram.
  if (typeof conversationId !== 'string' || !/^[A-Za-z0-9_=:.-]+$/.test(conversationId)) {
    throw invalid('conversationId must be a thread id from findConversation (e.g. t_10224512345678901).');
  }
  const limit = options.limit ?? 25;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw invalid('limit must be a whole number from 1 to 100.');
  const { data } = await graph.raw(accountId, 'GET', `/${conversationId}/messages`, {
    query: { fields: CONVERSATION_MESSAGE_FIELDS, limit: String(limit), ...(options.after ? { after: options.after } : {}) },
    schema: z.object({
      data: z.array(messageSchema),
      paging: z.looseObject({ cursors: z.looseObject({ after: z.string().optional() }).optional(), next: z.string().optional() }).optional(),
    }),
  });
  const after = data.paging?.next !== undefined ? data.paging.cursors?.after : undefined;
  return { messages: data.data, ...(after !== undefined ? { after } : {}) };
}

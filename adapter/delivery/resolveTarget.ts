import type { PlainActivity } from '../activity';
import { MessengerError } from '../errors';
import { conversationIdOf, type MessengerChannelId, parseConversationId } from '../platform';

/** Who an outgoing activity goes to, from which account, on which platform. */
export interface DeliveryTarget {
  channelId: MessengerChannelId;
  accountId: string;
  userId: string;
  conversationId: string;
}

/**
 * Reads the target of an outgoing activity. botbuilder's `applyConversationReference` sets
 * `from` = the Page / IG account and `recipient` = the user; the conversation id
 * (`${userId}-${accountId}`) is the fallback.
 */
export function resolveTarget(activity: PlainActivity): DeliveryTarget {
  const channelId = activity.channelId;
  if (channelId !== 'facebook' && channelId !== 'instagram') {
    throw new MessengerError(
      'CONFIG_INVALID',
      `Cannot send an activity with channelId '${String(channelId)}' through MessengerAdapter: ` +
        "it sends to 'facebook' and 'instagram' conversations only. Use a conversation reference stored from a Messenger turn.",
    );
  }
  const parsed = activity.conversation?.id ? parseConversationId(activity.conversation.id) : undefined;
  const userId = activity.recipient?.id || parsed?.userId;
  const accountId = activity.from?.id || parsed?.accountId;
  if (!userId || !accountId) {
    throw new MessengerError(
      'CONFIG_INVALID',
      'The outgoing activity names no recipient: send it through TurnContext.sendActivity or ' +
        'continueConversationAsync with a reference from TurnContext.getConversationReference(activity).',
    );
  }
  return { channelId, accountId, userId, conversationId: conversationIdOf(userId, accountId) };
}

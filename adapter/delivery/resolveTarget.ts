import type { PlainActivity } from '../activity';
import { MessengerError } from '../errors';
import { conversationIdOf, type MessengerChannelId, parseConversationId } from '../platform';

/** Who a message goes to, from which account, on which platform. */
export interface DeliveryTarget {
  channelId: MessengerChannelId;
  accountId: string;
  userId: string;
  conversationId: string;
}

/** The parts a target is read from; the conversation id (`${userId}-${accountId}`) fills gaps. */
export interface TargetParts {
  channelId: string | undefined;
  userId: string | undefined;
  accountId: string | undefined;
  conversationId: string | undefined;
}

/**
 * Reads a {@link DeliveryTarget}, or throws `CONFIG_INVALID` saying what to store instead. `what`
 * names the source in the message (e.g. 'The outgoing activity', 'The conversation reference').
 */
export function targetOf(parts: TargetParts, what: string): DeliveryTarget {
  const { channelId } = parts;
  if (channelId !== 'facebook' && channelId !== 'instagram') {
    throw new MessengerError(
      'CONFIG_INVALID',
      `${what} has channelId '${String(channelId)}'; MessengerAdapter serves 'facebook' and 'instagram' ` +
        'conversations only. Use TurnContext.getConversationReference(context.activity) from a Messenger turn.',
    );
  }
  const parsed = parts.conversationId ? parseConversationId(parts.conversationId) : undefined;
  const userId = parts.userId || parsed?.userId;
  const accountId = parts.accountId || parsed?.accountId;
  if (!userId || !accountId) {
    throw new MessengerError(
      'CONFIG_INVALID',
      `${what} names no user or Page / Instagram account: send through TurnContext.sendActivity, or ` +
        'continueConversationAsync with a reference from TurnContext.getConversationReference(activity).',
    );
  }
  return { channelId, accountId, userId, conversationId: conversationIdOf(userId, accountId) };
}

/**
 * The target of an outgoing activity. botbuilder's `applyConversationReference` sets `from` = the
 * Page / IG account and `recipient` = the user.
 */
export function resolveTarget(activity: PlainActivity): DeliveryTarget {
  return targetOf(
    {
      channelId: activity.channelId,
      userId: activity.recipient?.id,
      accountId: activity.from?.id,
      conversationId: activity.conversation?.id,
    },
    'The outgoing activity',
  );
}

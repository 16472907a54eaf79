import type { PlainActivity } from '../activity';
import type { MessengerTurnInfo } from '../turnInfo';

/** Inbound events that are not the user doing something: a message sent during them is not a reply. */
const NON_USER_EVENTS = new Set(['messenger.echo', 'messenger.delivery', 'messenger.read', 'messenger.handover']);

/**
 * True when the turn was started by `userId` doing something, so a message to them is a reply
 * (`RESPONSE`); otherwise it is proactive (`UPDATE`). `MessagingWindowMiddleware` refines this.
 */
export function isReplyTurn(info: MessengerTurnInfo | undefined, activity: PlainActivity, userId: string): boolean {
  if (!info || info.source === 'proactive' || info.userId !== userId) return false;
  if (activity.from?.id !== userId) return false;
  return !(activity.type === 'event' && activity.name !== undefined && NON_USER_EVENTS.has(activity.name));
}

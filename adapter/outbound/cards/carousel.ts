/**
 * Consecutive hero / thumbnail cards -> one generic template carousel (at most 10 elements per
 * message).
 *
 * @module
 */

import type { MessengerChannelId } from '../../platform';
import type { OutboundMessage } from '../types';
import { elementMessages, type HeroCardParts, heroCardMessages, isElementCard } from './heroCard';

/**
 * The messages of a run of consecutive hero / thumbnail cards, in order.
 *
 * @remarks
 * One card alone follows {@link heroCardMessages}. Several cards become generic template elements,
 * ten per message (more cards continue in further messages), each message preceded by the text that
 * did not fit its elements. A card that cannot be an element (text only) is sent as text between
 * the carousels, in its place, so the order of the cards is kept.
 */
export function heroRunMessages(
  cards: readonly HeroCardParts[],
  channelId: MessengerChannelId,
): OutboundMessage[] {
  const messages: OutboundMessage[] = [];
  let pending: HeroCardParts[] = [];
  const flush = (): void => {
    if (pending.length === 1) messages.push(...heroCardMessages(pending[0] as HeroCardParts, channelId));
    else if (pending.length > 1) messages.push(...elementMessages(pending, channelId, true));
    pending = [];
  };
  for (const card of cards) {
    if (isElementCard(card)) {
      pending.push(card);
      continue;
    }
    flush();
    messages.push(...heroCardMessages(card, channelId));
  }
  flush();
  return messages;
}

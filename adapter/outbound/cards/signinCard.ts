/**
 * Sign-in cards -> a button template with a `web_url` button.
 *
 * @module
 */

import { z } from 'zod';
import type { MessengerChannelId } from '../../platform';
import { buttonMessages } from '../buttonMessages';
import { actionsToButtons } from '../buttons';
import type { OutboundMessage } from '../types';
import { cardActionSchema, joinText, optionalList, optionalText, parseCard } from './cardSchemas';

const signinCardSchema = z.looseObject({
  text: optionalText,
  buttons: optionalList(cardActionSchema),
});

/**
 * The messages of a sign-in card (`CardFactory.signinCard(title, url, text?)`): a button template
 * whose text is the card text (or, without one, the button title) and whose `signin` button opens
 * the URL (`web_url`).
 */
export function signinCardMessages(content: unknown, channelId: MessengerChannelId): OutboundMessage[] {
  const card = parseCard(signinCardSchema, content, 'sign-in card');
  const { buttons, textLines } = actionsToButtons(card.buttons, channelId);
  const label = card.buttons.find((action) => action.title)?.title;
  return buttonMessages(joinText([card.text, ...textLines]), buttons, channelId, label);
}

/**
 * OAuth cards -> their text (Messenger has no Bot Framework token service to complete the sign-in).
 *
 * @module
 */

import { z } from 'zod';
import type { MessengerChannelId } from '../../platform';
import { buttonMessages, textMessages } from '../buttonMessages';
import { webUrlOf } from '../buttons';
import { BUTTON_TITLE_MAX } from '../limits';
import { truncate } from '../truncate';
import type { OutboundMessage } from '../types';
import { cardActionSchema, joinText, optionalList, optionalText, parseCard } from './cardSchemas';

const oauthCardSchema = z.looseObject({
  text: optionalText,
  connectionName: optionalText,
  buttons: optionalList(cardActionSchema),
});

/**
 * The messages of an OAuth card (`CardFactory.oauthCard(connectionName, title, text)`).
 *
 * @remarks
 * botbuilder's `OAuthPrompt` needs the Bot Framework token service, which a Messenger adapter does
 * not have, and the card's sign-in button normally has no URL. The card therefore goes out as its
 * text (or, without text, its button title). When a button does carry an http(s) sign-in link, it
 * is kept as a `web_url` button (a button template, like a sign-in card).
 */
export function oauthCardMessages(content: unknown, channelId: MessengerChannelId): OutboundMessage[] {
  const card = parseCard(oauthCardSchema, content, 'OAuth card');
  const title = card.buttons.find((action) => action.title)?.title;
  const text = joinText([card.text ?? title]);
  const links = card.buttons
    .map((action) => ({ action, url: webUrlOf(action) }))
    .filter((link): link is { action: (typeof card.buttons)[number]; url: string } => link.url !== undefined);
  if (links.length === 0) return textMessages(text, channelId);
  const buttons = links.map(({ action, url }) => ({
    type: 'web_url' as const,
    title: truncate(action.title ?? new URL(url).hostname, BUTTON_TITLE_MAX),
    url,
  }));
  return buttonMessages(text, buttons, channelId, title);
}

/**
 * Animation, audio and video cards -> the media attachment by URL, then the title, text and buttons.
 *
 * @module
 */

import { z } from 'zod';
import type { MessengerChannelId } from '../../platform';
import { buttonMessages } from '../buttonMessages';
import { actionsToButtons } from '../buttons';
import { mediaTypeOfUrl, mediaUrlMessage } from '../media';
import type { OutboundMessage } from '../types';
import { cardActionSchema, joinText, optionalList, optionalText, parseCard } from './cardSchemas';

const mediaUrlSchema = z.looseObject({ url: z.string(), profile: optionalText });

const mediaCardSchema = z.looseObject({
  title: optionalText,
  subtitle: optionalText,
  text: optionalText,
  media: optionalList(mediaUrlSchema),
  buttons: optionalList(cardActionSchema),
});

/** Which Bot Framework media card. */
export type MediaCardKind = 'animation' | 'audio' | 'video';

/**
 * The messages of an animation, audio or video card.
 *
 * @remarks
 * 1. The first `media` URL (the others are alternative formats of the same content) as an
 *    attachment: `audio` for an audio card, `video` for a video card, and for an animation `image`
 *    (a GIF) unless the file extension names a video (`.mp4`, ...). A `data:` URI is uploaded.
 * 2. Then the title, subtitle and text as a text message, or with the buttons as a button template
 *    (whose text is the first button's title when the card has no text).
 *
 * The card's poster `image` is not sent (the media itself is).
 */
export function mediaCardMessages(
  content: unknown,
  kind: MediaCardKind,
  channelId: MessengerChannelId,
): OutboundMessage[] {
  const card = parseCard(mediaCardSchema, content, `${kind} card`);
  const messages: OutboundMessage[] = [];
  const url = card.media.find((media) => media.url.trim() !== '')?.url.trim();
  if (url !== undefined) {
    const family = kind === 'animation' ? (mediaTypeOfUrl(url) === 'video' ? 'video' : 'image') : kind;
    messages.push(mediaUrlMessage(url, family));
  }
  const { buttons, textLines } = actionsToButtons(card.buttons, channelId);
  const text = joinText([card.title, card.subtitle, card.text, ...textLines]);
  const label = card.title ?? card.buttons.find((action) => action.title)?.title;
  if (text !== '' || buttons.length > 0) messages.push(...buttonMessages(text, buttons, channelId, label));
  return messages;
}

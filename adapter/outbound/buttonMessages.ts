/**
 * Text with buttons: the button template (Messenger, and Instagram, whose Messaging API documents the
 * same template with `web_url` and `postback` buttons). Long text and more than three buttons are
 * split over several messages, never cut.
 *
 * @module
 */

import { MessengerError } from '../errors';
import type { MessengerChannelId } from '../platform';
import { BUTTON_TEMPLATE_TEXT_MAX, BUTTONS_MAX, ELEMENT_TITLE_MAX, ELEMENTS_MAX } from './limits';
import { splitText, splitToLimit } from './textSplit';
import { truncate } from './truncate';
import type { GenericElement, OutboundMessage, SendButton } from './types';

/** Splits `items` into chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** A plain text message per part of `text` (split to the channel limit). */
export function textMessages(text: string, channelId: MessengerChannelId): OutboundMessage[] {
  return splitText(text, channelId).map((part) => ({ message: { text: part }, budget: 'text' }));
}

/** `{ attachment: { type: 'template', payload } }` as one message. */
export function templateMessage(payload: Record<string, unknown>): OutboundMessage {
  return { message: { attachment: { type: 'template', payload } }, budget: 'text' };
}

/** Generic template messages of at most 10 elements each. */
export function genericTemplateMessages(elements: readonly GenericElement[]): OutboundMessage[] {
  return chunk(elements, ELEMENTS_MAX).map((group) =>
    templateMessage({ template_type: 'generic', elements: group }),
  );
}

/**
 * Splits `text` into leading text messages and a last part of at most `max` characters that goes
 * into a template.
 */
function splitForTemplate(
  text: string,
  max: number,
  channelId: MessengerChannelId,
): { lead: string[]; last: string } {
  const parts = splitText(text, channelId);
  const last = parts.pop() ?? '';
  const tail = splitToLimit(last, max, 'utf16');
  const templateText = tail.pop() ?? last;
  return { lead: [...parts, ...tail], last: templateText };
}

/**
 * Messages that show `text` with `buttons`: button templates (`text` <= 640 characters, 1-3 buttons).
 *
 * @remarks
 * - Text longer than a template takes goes first as text messages (split to the channel's text
 *   limit); the template carries the last part.
 * - Buttons beyond three go into further button templates whose text is `label` (e.g. the card
 *   title) or else the first line of the text.
 * - `label` is also the text when `text` is blank; with neither, throws `NOT_SUPPORTED`, because
 *   Messenger shows no buttons without text.
 * - Instagram documents the button template too (`web_url` and `postback` buttons; not shown in the
 *   web version, like every template there), so both channels get the same payload; Instagram has no
 *   `phone_number` button, which `actionToButton` turns into text before this point.
 */
export function buttonMessages(
  text: string,
  buttons: readonly SendButton[],
  channelId: MessengerChannelId,
  label?: string,
): OutboundMessage[] {
  const content = text.trim() !== '' ? text : (label ?? '');
  if (buttons.length === 0) return textMessages(content, channelId);
  if (content.trim() === '') {
    throw new MessengerError(
      'NOT_SUPPORTED',
      'Messenger shows buttons only under some text: give the activity (or the card) a text.',
      { details: { buttons: buttons.length } },
    );
  }
  const { lead, last } = splitForTemplate(content, BUTTON_TEMPLATE_TEXT_MAX, channelId);
  const more =
    label && label.trim() !== '' ? truncate(label.trim(), BUTTON_TEMPLATE_TEXT_MAX) : continuationText(last);
  return [
    ...lead.map((part): OutboundMessage => ({ message: { text: part }, budget: 'text' })),
    ...chunk(buttons, BUTTONS_MAX).map((group, i) =>
      templateMessage({ template_type: 'button', text: i === 0 ? last : more, buttons: group }),
    ),
  ];
}

function continuationText(text: string): string {
  const firstLine = text.split('\n').find((line) => line.trim() !== '') ?? text;
  return truncate(firstLine.trim(), ELEMENT_TITLE_MAX);
}

/**
 * Adaptive cards -> a best-effort rendering: Messenger has nothing like them.
 *
 * @module
 */

import { z } from 'zod';
import type { PlainCardAction } from '../../activity';
import { MessengerError } from '../../errors';
import type { MessengerChannelId } from '../../platform';
import { buttonMessages, textMessages } from '../buttonMessages';
import { actionsToButtons } from '../buttons';
import { mediaUrlMessage } from '../media';
import type { OutboundMessage } from '../types';
import { joinText, optionalText, parseCard } from './cardSchemas';
import { copyWith } from '../../copyWith';

const adaptiveCardSchema = z.looseObject({
  body: z
    .array(z.unknown())
    .nullish()
    .transform((value) => value ?? []),
  actions: z
    .array(z.unknown())
    .nullish()
    .transform((value) => value ?? []),
  fallbackText: optionalText,
});

/** What could be read from an adaptive card. */
interface Extract {
  texts: string[];
  imageUrl: string | undefined;
  actions: PlainCardAction[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function walkElement(element: unknown, into: Extract): void {
  if (!isRecord(element)) return;
  switch (element.type) {
    case 'TextBlock': {
      const text = stringOf(element.text);
      if (text) into.texts.push(text);
      return;
    }
    case 'RichTextBlock': {
      const text = listOf(element.inlines)
        .map((inline) =>
          typeof inline === 'string' ? inline : isRecord(inline) ? (stringOf(inline.text) ?? '') : '',
        )
        .join('');
      if (text.trim() !== '') into.texts.push(text.trim());
      return;
    }
    case 'FactSet': {
      for (const fact of listOf(element.facts)) {
        if (isRecord(fact)) {
          const line = joinText([stringOf(fact.title), stringOf(fact.value)], ': ');
          if (line) into.texts.push(line);
        }
      }
      return;
    }
    case 'Image': {
      into.imageUrl ??= stringOf(element.url);
      return;
    }
    case 'ImageSet':
      for (const image of listOf(element.images)) walkElement(image, into);
      return;
    case 'Container':
    case 'Column':
      for (const item of listOf(element.items)) walkElement(item, into);
      return;
    case 'ColumnSet':
      for (const column of listOf(element.columns))
        walkElement(copyWith(isRecord(column) ? column : {}, { type: 'Column' }), into);
      return;
    case 'Table':
      for (const row of listOf(element.rows)) {
        for (const cell of isRecord(row) ? listOf(row.cells) : []) {
          if (isRecord(cell)) for (const item of listOf(cell.items)) walkElement(item, into);
        }
      }
      return;
    case 'ActionSet':
      for (const action of listOf(element.actions)) readAction(action, into);
      return;
    default:
      return;
  }
}

function readAction(action: unknown, into: Extract): void {
  if (!isRecord(action)) return;
  const title = stringOf(action.title);
  switch (action.type) {
    case 'Action.OpenUrl':
      into.actions.push({ type: 'openUrl', title, value: action.url });
      return;
    case 'Action.Submit':
    case 'Action.Execute':
      into.actions.push({ type: 'postBack', title, value: JSON.stringify(action.data ?? {}) });
      return;
    default:
      return;
  }
}

function parseContent(content: unknown): unknown {
  if (typeof content !== 'string') return content;
  try {
    return JSON.parse(content);
  } catch (cause) {
    throw new MessengerError('NOT_SUPPORTED', 'The adaptive card content is a string that is not JSON.', {
      cause,
    });
  }
}

/**
 * The messages of an adaptive card, best effort (Azure's Facebook channel shows them as an image;
 * an adapter without a renderer cannot).
 *
 * @remarks
 * - The first `Image` (also inside `ImageSet`, `Container`, `ColumnSet`, `Table`) -> an image message.
 * - `TextBlock`, `RichTextBlock` and `FactSet` ("Title: value") texts, in order, one per line -> text.
 * - `Action.OpenUrl` -> a `web_url` button; `Action.Submit` / `Action.Execute` -> a `postback`
 *   button whose payload is the action `data` as JSON (`{}` without data), in the card's `actions`
 *   and in `ActionSet`s. The text and buttons go out as a button template.
 * - Inputs, `Action.ShowCard`, `Action.ToggleVisibility` and media have no Messenger form and are
 *   left out; a card that yields no text, image or button is sent as its `fallbackText`.
 */
export function adaptiveCardMessages(content: unknown, channelId: MessengerChannelId): OutboundMessage[] {
  const card = parseCard(adaptiveCardSchema, parseContent(content), 'adaptive card');
  const extract: Extract = { texts: [], imageUrl: undefined, actions: [] };
  for (const element of card.body) walkElement(element, extract);
  for (const action of card.actions) readAction(action, extract);
  const { buttons, textLines } = actionsToButtons(extract.actions, channelId);
  const text = joinText([...extract.texts, ...textLines]);
  if (text === '' && extract.imageUrl === undefined && buttons.length === 0) {
    return textMessages(card.fallbackText ?? '', channelId);
  }
  const messages: OutboundMessage[] = [];
  if (extract.imageUrl !== undefined) messages.push(mediaUrlMessage(extract.imageUrl, 'image'));
  const label = card.fallbackText ?? extract.actions.find((action) => action.title)?.title;
  if (text !== '' || buttons.length > 0) messages.push(...buttonMessages(text, buttons, channelId, label));
  return messages;
}

/**
 * Card types with no Messenger rendering of their own (e.g. Office 365 connector cards) -> their
 * text, best effort.
 *
 * @module
 */

import { MessengerError } from '../../errors';
import type { MessengerChannelId } from '../../platform';
import { textMessages } from '../buttonMessages';
import type { OutboundMessage } from '../types';
import { joinText } from './cardSchemas';

function textField(content: Record<string, unknown>, key: string): string | undefined {
  const value = content[key];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The messages of a card type the mapping does not know: its `title`, `subtitle`, `summary` and
 * `text` fields as text. Throws `NOT_SUPPORTED` when it has none of them, naming the content type.
 */
export function otherCardMessages(
  contentType: string,
  content: unknown,
  channelId: MessengerChannelId,
): OutboundMessage[] {
  const record = typeof content === 'object' && content !== null ? (content as Record<string, unknown>) : {};
  const text = joinText(['title', 'subtitle', 'summary', 'text'].map((key) => textField(record, key)));
  if (text === '') {
    throw new MessengerError(
      'NOT_SUPPORTED',
      `Messenger cannot show a '${contentType}' attachment, and it has no title or text to send instead. ` +
        'Use a hero, thumbnail, receipt, sign-in, media or adaptive card, or a media attachment.',
      { details: { contentType } },
    );
  }
  return textMessages(text, channelId);
}

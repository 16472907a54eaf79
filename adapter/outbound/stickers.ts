/**
 * Stickers the Page sends (messenger-platform.md, "2026 additions", topic 5): the Sticker API (Jun
 * 2026) takes `message: { sticker_id }` on Messenger, for Meta's free first-party stickers (and the
 * like sticker 369239263222822). Instagram has no stickers to send, only the heart.
 *
 * @module
 */
import { MessengerError } from '../errors';
import type { MessengerChannelId } from '../platform';
import type { OutboundMessage } from './types';

/**
 * The message of `channelData.sticker_id`. The id goes out as a number, as in Meta's send example
 * (sticker ids stay below 2^53); Instagram refuses with `NOT_SUPPORTED`.
 */
export function stickerMessage(stickerId: string, channelId: MessengerChannelId): OutboundMessage {
  if (channelId === 'instagram') {
    throw new MessengerError(
      'NOT_SUPPORTED',
      'Instagram has no stickers to send (channelData.sticker_id is a Messenger Sticker API id). What Instagram ' +
        "does take is the heart: channelData.attachment = { type: 'like_heart' }. Nothing was sent.",
      { details: { rule: 'sticker-messenger-only' } },
    );
  }
  const numeric = Number(stickerId);
  return { message: { sticker_id: Number.isSafeInteger(numeric) ? numeric : stickerId }, budget: 'text' };
}

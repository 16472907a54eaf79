/**
 * Several images in one message (messenger-platform.md, "2026 additions", topic 6): Messenger takes
 * `message.attachments[]` of images only, up to 30; Instagram up to 10 (GA since 2026-05-06), each by
 * `url` or `attachment_id`. Consecutive image attachments of an activity become one such message (a
 * longer run is cut into as few messages as the limit allows) instead of one message per image.
 *
 * @module
 */
import type { MessengerChannelId } from '../platform';
import type { OutboundMessage } from './types';

/** The most images Meta takes in one `message.attachments[]`. */
export const MAX_IMAGES_PER_MESSAGE: Readonly<Record<MessengerChannelId, number>> = { facebook: 30, instagram: 10 };

type ImageItem = { type: 'image'; payload: { url: string } | { attachment_id: string } };

/** The `attachments[]` item of a single-image message by URL or id, or `undefined` for anything else. */
function imageItemOf(pending: OutboundMessage): ImageItem | undefined {
  if (pending.upload !== undefined || Object.keys(pending.message).length !== 1) return undefined;
  const attachment = pending.message.attachment as { type?: unknown; payload?: Record<string, unknown> } | undefined;
  if (attachment?.type !== 'image' || attachment.payload === undefined) return undefined;
  const { url, attachment_id: id } = attachment.payload;
  if (typeof id === 'string' && id !== '') return { type: 'image', payload: { attachment_id: id } };
  if (typeof url === 'string' && url !== '') return { type: 'image', payload: { url } };
  return undefined;
}

/**
 * Merges runs of consecutive single-image messages into `attachments[]` messages of at most
 * {@link MAX_IMAGES_PER_MESSAGE} images. A lone image stays a single `attachment` message (it keeps
 * `is_reusable`, so its id can be reused); other messages are left as they are, in order.
 */
export function groupImages(messages: readonly OutboundMessage[], channelId: MessengerChannelId): OutboundMessage[] {
  const out: OutboundMessage[] = [];
  let run: { pending: OutboundMessage; item: ImageItem }[] = [];
  const flush = (): void => {
    const max = MAX_IMAGES_PER_MESSAGE[channelId];
    for (let start = 0; start < run.length; start += max) {
      const chunk = run.slice(start, start + max);
      if (chunk.length === 1) out.push(chunk[0]!.pending);
      else out.push({ message: { attachments: chunk.map((entry) => entry.item) }, budget: 'text' });
    }
    run = [];
  };
  for (const pending of messages) {
    const item = imageItemOf(pending);
    if (item === undefined) {
      flush();
      out.push(pending);
    } else run.push({ pending, item });
  }
  flush();
  return out;
}

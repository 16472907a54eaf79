/**
 * Messenger / Instagram message attachments -> Bot Framework attachments.
 *
 * @module
 */
import type { PlainAttachment } from '../activity';
import { THUMBS_UP_STICKER_ID } from '../platform';
import { fileNameFromUrl, type MediaFamily, mediaContentType, mimeTypeFromFileName } from './mimeTypes';

/**
 * Sticker ids of Messenger's "like" (thumbs-up) button: the small one users send most
 * ({@link THUMBS_UP_STICKER_ID}) and the two larger ones sent by holding the button.
 */
export const THUMBS_UP_STICKER_IDS: ReadonlySet<string> = new Set([
  THUMBS_UP_STICKER_ID,
  '369239343222814',
  '369239383222810',
]);

/** Attachment kinds that exist only on Instagram: their content types use `application/vnd.instagram.*`. */
const INSTAGRAM_KINDS: ReadonlySet<string> = new Set([
  'story_mention',
  'story_reply',
  'ig_reel',
  'ig_post',
  'ig_story',
  'share',
  'like_heart',
  'ephemeral',
]);

const MEDIA_FAMILIES: ReadonlySet<string> = new Set<MediaFamily>(['image', 'video', 'audio', 'file']);

/**
 * The vendor content type of a non-media attachment kind: `application/vnd.instagram.<kind>` for
 * Instagram-only kinds (`story_mention`, `story_reply`, `ig_reel`, `ig_post`, `ig_story`, `share`,
 * `like_heart`, `ephemeral`), `application/vnd.messenger.<kind>` for the rest (`location`, `fallback`,
 * `template`, `reel`, `post`, `appointment_booking`, and kinds Meta adds later).
 *
 * @example
 * ```ts
 * vendorContentType('story_mention'); // 'application/vnd.instagram.story_mention'
 * vendorContentType('location');      // 'application/vnd.messenger.location'
 * ```
 */
export function vendorContentType(kind: string): string {
  const safe = /^[A-Za-z0-9_]{1,64}$/.test(kind) ? kind.toLowerCase() : 'unknown';
  return `application/vnd.${INSTAGRAM_KINDS.has(safe) ? 'instagram' : 'messenger'}.${safe}`;
}

/** The `content` of a sticker attachment. */
export interface StickerContent {
  /** Always `sticker`, whichever form (legacy `image` + `sticker_id`, or 2026 `sticker`) Meta sent. */
  type: 'sticker';
  /** The sticker id, as a string (absent only if Meta sent a `sticker` without one). */
  sticker_id?: string;
  /** True for the like (thumbs-up) button stickers ({@link THUMBS_UP_STICKER_IDS}). */
  isThumbsUp: boolean;
  /** The raw `payload` of the attachment kept (the `sticker` one when both forms came). */
  payload: unknown;
}

type RawAttachment = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringField(record: Readonly<Record<string, unknown>> | undefined, key: string): string | undefined {
  const value = record?.[key];
  return typeof value === 'string' ? value : undefined;
}

function payloadOf(attachment: RawAttachment): Readonly<Record<string, unknown>> | undefined {
  return isRecord(attachment.payload) ? attachment.payload : undefined;
}

/** `{ id }` for a sticker attachment (either form; `id` is the sticker id as a string), else `undefined`. */
function stickerOf(attachment: RawAttachment): { id: string | undefined } | undefined {
  const raw = payloadOf(attachment)?.sticker_id;
  const id = typeof raw === 'string' || typeof raw === 'number' ? String(raw) : undefined;
  if (attachment.type === 'sticker') return { id };
  return attachment.type === 'image' && id !== undefined ? { id } : undefined;
}

function withOptional(attachment: PlainAttachment, contentUrl?: string, name?: string): PlainAttachment {
  if (contentUrl !== undefined) attachment.contentUrl = contentUrl;
  if (name !== undefined) attachment.name = name;
  return attachment;
}

function stickerAttachment(attachment: RawAttachment, stickerId: string | undefined): PlainAttachment {
  const payload = payloadOf(attachment);
  const url = stringField(payload, 'url');
  const name = url === undefined ? undefined : fileNameFromUrl(url);
  const content: StickerContent =
    stickerId === undefined
      ? { type: 'sticker', isThumbsUp: false, payload: attachment.payload }
      : {
          type: 'sticker',
          sticker_id: stickerId,
          isThumbsUp: THUMBS_UP_STICKER_IDS.has(stickerId),
          payload: attachment.payload,
        };
  const contentType = (name === undefined ? undefined : mimeTypeFromFileName(name, 'image')) ?? 'image/png';
  return withOptional({ contentType, content }, url, name);
}

function plainAttachment(attachment: RawAttachment, type: string): PlainAttachment {
  const payload = payloadOf(attachment);
  const url = stringField(payload, 'url') ?? stringField(attachment, 'url');
  if (MEDIA_FAMILIES.has(type)) {
    const fileName = url === undefined ? undefined : fileNameFromUrl(url);
    return withOptional(
      { contentType: mediaContentType(type as MediaFamily, url), content: attachment },
      url,
      fileName,
    );
  }
  // Links here (l.facebook.com/l.php?u=..., lookaside) name no file: the title is the name.
  const name = stringField(payload, 'title') ?? stringField(attachment, 'title');
  return withOptional({ contentType: vendorContentType(type), content: attachment }, url, name);
}

/**
 * The Bot Framework attachments of a Messenger / Instagram `message` object: one per Messenger
 * attachment, in order, and one more for an Instagram story reply.
 *
 * - **Media** (`image`, `video`, `audio`, `file`): `contentType` is a real MIME type from the file name
 *   in the URL (`.jpg` -> `image/jpeg`, `.gif` -> `image/gif`, `.mp3` -> `audio/mpeg`, `.mp4` ->
 *   `video/mp4`, or `audio/mp4` for an `audio` attachment, `.pdf` -> `application/pdf`, ...), else the
 *   family default `image/jpeg`, `video/mp4`, `audio/mp4` or `application/octet-stream`;
 *   `contentUrl` = `payload.url`; `name` = the file name in the URL, when there is one;
 *   `content` = the raw Messenger attachment (same object).
 * - **Stickers**: one `image/png` attachment (or the URL's image type) per sticker, whatever the form:
 *   until 2026-08-30 Meta sends both a legacy `image` with `payload.sticker_id` and a `sticker`
 *   attachment for the same sticker; they become ONE attachment, at the place of the first, built from
 *   the `sticker` one. `content` is a {@link StickerContent}: `sticker_id` (string) and `isThumbsUp`
 *   (the like button).
 * - **Everything else** (`location`, `fallback` links, `template`, Instagram `story_mention`, `ig_reel`,
 *   `ig_post`, `share`, `like_heart`, ...): `contentType` = {@link vendorContentType}, `contentUrl` =
 *   `payload.url` (or the attachment's `url`, as legacy `location` / `fallback` carry it), `name` = its
 *   `title` when it has one, `content` = the raw attachment.
 * - **Instagram story reply** (`reply_to.story`): an extra, last attachment
 *   `application/vnd.instagram.story_reply` with `contentUrl` = the story URL and `content` =
 *   `reply_to.story`.
 *
 * Media URLs point at Meta's CDN (`*.fbcdn.net`, `lookaside.fbsbx.com`) and expire after a while
 * (hours to days): download what you must keep soon. Instagram story media (mentions and replies) must
 * not be stored at all under Meta's terms; keep the URL only.
 *
 * Never throws: a value that is not a message object, or an item without a string `type`, yields
 * nothing. The input is not changed.
 *
 * @example
 * ```ts
 * inboundAttachments({ mid: 'm_1', attachments: [{ type: 'image', payload: { url: 'https://scontent.xx.fbcdn.net/v/t1/a_n.jpg?oh=1' } }] });
 * // [{ contentType: 'image/jpeg', contentUrl: 'https://scontent.xx.fbcdn.net/v/t1/a_n.jpg?oh=1', name: 'a_n.jpg', content: { type: 'image', payload: {...} } }]
 * ```
 */
export function inboundAttachments(message: unknown): PlainAttachment[] {
  if (!isRecord(message)) return [];
  const out: PlainAttachment[] = [];
  const items = Array.isArray(message.attachments) ? (message.attachments as readonly unknown[]) : [];
  /** Sticker id -> where its attachment is in `out`, and whether it was built from the `sticker` form. */
  const stickers = new Map<string, { at: number; fromStickerType: boolean }>();
  for (const item of items) {
    if (!isRecord(item) || typeof item.type !== 'string') continue;
    const sticker = stickerOf(item);
    if (sticker === undefined) {
      out.push(plainAttachment(item, item.type));
      continue;
    }
    const stickerId = sticker.id;
    const fromStickerType = item.type === 'sticker';
    const seen = stickerId === undefined ? undefined : stickers.get(stickerId);
    if (seen === undefined) {
      if (stickerId !== undefined) stickers.set(stickerId, { at: out.length, fromStickerType });
      out.push(stickerAttachment(item, stickerId));
    } else if (fromStickerType && !seen.fromStickerType) {
      out[seen.at] = stickerAttachment(item, stickerId);
      seen.fromStickerType = true;
    }
  }
  const replyTo = isRecord(message.reply_to) ? message.reply_to : undefined;
  const story = replyTo !== undefined && isRecord(replyTo.story) ? replyTo.story : undefined;
  if (story !== undefined) {
    out.push(
      withOptional(
        { contentType: vendorContentType('story_reply'), content: story },
        stringField(story, 'url'),
      ),
    );
  }
  return out;
}

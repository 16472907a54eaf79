/**
 * Inbound attachment normalization on top of the adapter's mapping (`inboundAttachments`): a HEAD
 * refinement for media whose type came only from the family default, a name for media whose URL
 * names no file, and the thumbs-up sticker as "yes". Pure, apart from the lookup function passed in.
 *
 * @module
 */
import type { PlainAttachment } from '../../adapter/activity';
import { type StickerContent, THUMBS_UP_STICKER_IDS } from '../../adapter/inbound/attachments';
import {
  FAMILY_DEFAULT_CONTENT_TYPE,
  fileNameFromUrl,
  type MediaFamily,
  mimeTypeFromFileName,
} from '../../adapter/inbound/mimeTypes';
import { fallbackMediaName } from './fileNames';
import type { HeadFacts } from './headLookup';
import { bareMimeType, isSpecificMimeType } from './limits';
import { copyWith } from '../../adapter/copyWith';

/** Hosts of Meta's media CDNs: inbound HEAD requests go to these (and their subdomains) only. */
export const META_CDN_HOSTS: readonly string[] = [
  'fbcdn.net',
  'fbsbx.com',
  'cdninstagram.com',
  'facebook.com',
  'instagram.com',
];

const FAMILIES: ReadonlySet<string> = new Set<MediaFamily>(['image', 'video', 'audio', 'file']);

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The Messenger media family of an inbound attachment (`image`, `video`, `audio`, `file`), read from
 * the raw Messenger attachment the mapping keeps in `content`; `undefined` for stickers, locations,
 * Instagram shares and everything that is not plain media.
 */
export function mediaFamilyOf(attachment: PlainAttachment): MediaFamily | undefined {
  const type = isRecord(attachment.content) ? attachment.content.type : undefined;
  return typeof type === 'string' && FAMILIES.has(type) ? (type as MediaFamily) : undefined;
}

/**
 * True when an inbound media attachment's `contentType` is only its family's default: the URL names
 * no file of a known type (Instagram's `lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=...`).
 */
export function typeIsFamilyDefault(attachment: PlainAttachment, family: MediaFamily): boolean {
  if (attachment.contentType !== FAMILY_DEFAULT_CONTENT_TYPE[family]) return false;
  const fileName = attachment.contentUrl === undefined ? undefined : fileNameFromUrl(attachment.contentUrl);
  return fileName === undefined || mimeTypeFromFileName(fileName, family) === undefined;
}

/** True for an `https` URL on one of `hosts` or a subdomain of one. */
export function isOnHosts(url: string, hosts: readonly string[]): boolean {
  let host: string;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:') return false;
    host = parsed.hostname.toLowerCase();
  } catch {
    return false;
  }
  return hosts.some((allowed) => {
    const suffix = allowed.toLowerCase();
    return host === suffix || host.endsWith(`.${suffix}`);
  });
}

/** Containers whose sound-only form has its own type: a voice clip served as `video/mp4` is `audio/mp4`. */
const AUDIO_OF_VIDEO: Readonly<Record<string, string>> = {
  'video/mp4': 'audio/mp4',
  'video/webm': 'audio/webm',
  'video/ogg': 'audio/ogg',
  'video/3gpp': 'audio/3gpp',
};

/**
 * The MIME type a HEAD answer gives for media of `family`, or `undefined` when it tells nothing
 * that fits: an unspecific type (`application/octet-stream`), or one of another family (an HTML
 * error page for an image). The `Content-Disposition` file name is the second source.
 *
 * @example
 * ```ts
 * typeFromHead('audio', { contentType: 'video/mp4' }); // 'audio/mp4'
 * typeFromHead('image', { contentType: 'text/html' }); // undefined
 * ```
 */
export function typeFromHead(family: MediaFamily, facts: HeadFacts): string | undefined {
  const mime = bareMimeType(facts.contentType);
  if (isSpecificMimeType(mime)) {
    const prefix = mime.split('/')[0];
    if (family === 'file' && mime !== 'text/html') return mime;
    if (prefix === family) return mime;
    if (family === 'audio' && AUDIO_OF_VIDEO[mime] !== undefined) return AUDIO_OF_VIDEO[mime];
  }
  return facts.fileName === undefined ? undefined : mimeTypeFromFileName(facts.fileName, family);
}

/**
 * True when an attachment is Messenger's like (thumbs-up) sticker, whichever form Meta sent
 * (`content.isThumbsUp` set by the mapping, or a known thumbs-up `sticker_id`).
 *
 * @example
 * ```ts
 * const yes = context.activity.attachments?.some(isThumbsUp);
 * ```
 */
export function isThumbsUp(attachment: PlainAttachment | undefined): boolean {
  if (attachment === undefined || !isRecord(attachment.content)) return false;
  const content = attachment.content as Partial<StickerContent>;
  if (content.type !== 'sticker') return false;
  return content.isThumbsUp === true || THUMBS_UP_STICKER_IDS.has(String(content.sticker_id));
}

/** The text to give a message that is nothing but thumbs-up stickers, else `undefined`. */
export function thumbsUpTextFor(
  text: string | undefined,
  attachments: readonly PlainAttachment[],
  thumbsUpText: string | undefined,
): string | undefined {
  if (thumbsUpText === undefined || (text !== undefined && text.trim() !== '')) return undefined;
  return attachments.length > 0 && attachments.every(isThumbsUp) ? thumbsUpText : undefined;
}

/** Looks up HEAD facts of a URL; `undefined` when it cannot tell. */
export type HeadLookup = (url: string) => Promise<HeadFacts | undefined>;

/**
 * The normalized attachments of an inbound message, in order, one per input (new objects; the input
 * and its `content`, which is the raw event's attachment, are not changed):
 *
 * - media whose type came only from the family default, with a URL `refine` accepts, get the type a
 *   HEAD answer gives (see {@link typeFromHead}) when `lookup` is given and finds one;
 * - media without a `name` get the `Content-Disposition` file name, else one made from the type
 *   (see `fallbackMediaName`);
 * - everything else is kept as the mapping made it.
 */
export async function normalizeInbound(
  attachments: readonly PlainAttachment[],
  lookup: HeadLookup | undefined,
  refine: (url: string) => boolean,
): Promise<PlainAttachment[]> {
  return Promise.all(
    attachments.map(async (attachment, index) => {
      const family = mediaFamilyOf(attachment);
      if (family === undefined) return attachment;
      const url = attachment.contentUrl;
      let facts: HeadFacts | undefined;
      if (
        lookup !== undefined &&
        url !== undefined &&
        typeIsFamilyDefault(attachment, family) &&
        refine(url)
      ) {
        facts = await lookup(url);
      }
      const contentType =
        (facts === undefined ? undefined : typeFromHead(family, facts)) ?? attachment.contentType;
      const name =
        attachment.name ?? facts?.fileName ?? fallbackMediaName(url, family, contentType, index + 1);
      if (contentType === attachment.contentType && name === attachment.name) return attachment;
      return copyWith(attachment, { contentType, name });
    }),
  );
}

/**
 * Which outgoing attachments are media this middleware handles, and their facts: the bytes or the
 * URL, the real MIME type, the Send API attachment type and the name. Pure.
 *
 * @module
 */
import type { PlainAttachment } from '../../adapter/activity';
import { fileNameFromUrl, mimeTypeFromFileName } from '../../adapter/inbound/mimeTypes';
import { bytesOf, decodeDataUri, type MediaType, mediaTypeOf } from '../../adapter/outbound/media';
import { bareMimeType, isSpecificMimeType } from './limits';
import { sniffMimeType } from './sniffMimeType';

/** Media the bot gave as bytes (`content` = Buffer / Uint8Array, or a `data:` URI): uploaded, then sent by id. */
export interface InlineMedia {
  readonly kind: 'bytes';
  readonly data: Buffer;
  /** A full MIME type (`application/octet-stream` when nothing tells). */
  readonly mimeType: string;
  readonly mediaType: MediaType;
  readonly name: string | undefined;
}

/** Media the bot gave as an http(s) `contentUrl`: Meta fetches it. */
export interface UrlMedia {
  readonly kind: 'url';
  readonly url: string;
  /** The MIME type: the bot's, else the URL's file name's, else what the bot gave (maybe unspecific). */
  readonly mimeType: string;
  readonly mediaType: MediaType;
  readonly name: string | undefined;
}

/** An outgoing media attachment. */
export type OutboundMedia = InlineMedia | UrlMedia;

/** True when `content` carries an uploaded `attachment_id` (the outbound mapping sends it by id). */
export function hasAttachmentId(content: unknown): boolean {
  if (typeof content !== 'object' || content === null) return false;
  const id = (content as { attachment_id?: unknown }).attachment_id;
  return (typeof id === 'string' && id !== '') || typeof id === 'number';
}

/** `application/vnd.microsoft.*` cards and the `application/vnd.messenger|instagram.*` inbound kinds. */
function isVendorType(contentType: string): boolean {
  return /^application\/vnd\.(microsoft|messenger|instagram)\./.test(contentType);
}

function firstSpecific(...candidates: (string | undefined)[]): string | undefined {
  for (const candidate of candidates) {
    if (candidate !== undefined && isSpecificMimeType(candidate)) return bareMimeType(candidate);
  }
  return undefined;
}

function typeOfName(name: string | undefined): string | undefined {
  return name === undefined ? undefined : mimeTypeFromFileName(name);
}

function inline(
  data: Buffer,
  declared: string[],
  name: string | undefined,
  fallbackFamily: string,
): InlineMedia {
  const mimeType =
    firstSpecific(...declared) ?? sniffMimeType(data) ?? typeOfName(name) ?? 'application/octet-stream';
  const mediaType = isSpecificMimeType(mimeType) ? mediaTypeOf(mimeType) : mediaTypeOf(fallbackFamily, name);
  return { kind: 'bytes', data, mimeType, mediaType, name };
}

/**
 * The media facts of an outgoing attachment, or `undefined` when it is not media this middleware
 * handles: cards, inbound vendor kinds, attachments already sent by `attachment_id`, and attachments
 * with neither bytes nor an http(s) / `data:` URL (the outbound mapping reports those).
 *
 * The MIME type is, in order: the bot's `contentType` when it is specific; for bytes the type their
 * first bytes show; the type of the file name (the `name`, or the URL's); else unspecific.
 *
 * @throws MessengerError `NOT_SUPPORTED` for a malformed `data:` URI.
 *
 * @example
 * ```ts
 * outboundMediaOf({ contentType: 'application/octet-stream', content: jpegBytes, name: 'photo' });
 * // { kind: 'bytes', data: jpegBytes, mimeType: 'image/jpeg', mediaType: 'image', name: 'photo' }
 * ```
 */
export function outboundMediaOf(attachment: PlainAttachment): OutboundMedia | undefined {
  const declared = bareMimeType(attachment.contentType);
  if (isVendorType(declared) || hasAttachmentId(attachment.content)) return undefined;
  const name =
    typeof attachment.name === 'string' && attachment.name.trim() !== '' ? attachment.name : undefined;
  const bytes = bytesOf(attachment.content);
  if (bytes !== undefined) return bytes.length === 0 ? undefined : inline(bytes, [declared], name, declared);
  const url = typeof attachment.contentUrl === 'string' ? attachment.contentUrl.trim() : '';
  if (url.startsWith('data:')) {
    const decoded = decodeDataUri(url);
    return inline(decoded.data, [decoded.contentType ?? '', declared], name, decoded.contentType ?? declared);
  }
  if (!/^https?:\/\//i.test(url)) return undefined;
  const urlFileName = fileNameFromUrl(url);
  const mimeType = firstSpecific(declared) ?? typeOfName(urlFileName) ?? typeOfName(name) ?? declared;
  return { kind: 'url', url, mimeType, mediaType: mediaTypeOf(mimeType, url), name: name ?? urlFileName };
}

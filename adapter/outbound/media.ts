/**
 * Media attachments -> Send API attachments: by URL, by a previously uploaded `attachment_id`, or as
 * inline bytes the adapter uploads first.
 *
 * @module
 */

import type { PlainAttachment } from '../activity';
import { fileNameFromUrl, mimeTypeFromFileName } from '../inbound/mimeTypes';
import { MessengerError } from '../errors';
import type { SendBudget } from '../sendPipeline';
import type { InlineUpload, OutboundMessage } from './types';
import { attachmentIdOfUrl } from './uploadedAttachmentUrl';

/** A Send API attachment type for media. */
export type MediaType = 'image' | 'video' | 'audio' | 'file';

/**
 * The media type of a file extension in `url` (`.png` -> `image`), if it names a known one. Reads the
 * same extension table as the inbound mapping (`mimeTypeFromFileName`), so both directions agree.
 */
export function mediaTypeOfUrl(url: string): MediaType | undefined {
  if (url.startsWith('data:')) return undefined;
  const fileName = fileNameFromUrl(url);
  const mime = fileName === undefined ? undefined : mimeTypeFromFileName(fileName);
  if (mime === undefined) return undefined;
  const family = mime.split('/')[0];
  return family === 'image' || family === 'video' || family === 'audio' ? family : 'file';
}

/**
 * The Send API attachment type for a MIME type: `image/*` -> `image`, `video/*` -> `video`,
 * `audio/*` -> `audio`, anything else -> `file`. A bare family (`image`) works too; when the type
 * says nothing (`application/octet-stream`, empty), the URL's file extension decides.
 */
export function mediaTypeOf(contentType: string | undefined, url?: string): MediaType {
  const family = (contentType ?? '').trim().toLowerCase().split('/')[0];
  if (family === 'image' || family === 'video' || family === 'audio') return family;
  const generic =
    !contentType || /^(application\/octet-stream|file|binary\/octet-stream)?$/iu.test(contentType.trim());
  if (generic && url) return mediaTypeOfUrl(url) ?? 'file';
  return 'file';
}

/** `media` for audio and video (Meta's separate, lower send limit), else `text`. */
export function budgetOf(type: string): SendBudget {
  return type === 'audio' || type === 'video' ? 'media' : 'text';
}

/** The `attachment_id` of content set by the attachment middleware (`{ attachment_id: '...' }`). */
function attachmentIdOf(content: unknown): string | undefined {
  if (typeof content !== 'object' || content === null) return undefined;
  const id = (content as { attachment_id?: unknown }).attachment_id;
  if (typeof id === 'string' && id !== '') return id;
  if (typeof id === 'number') return String(id);
  return undefined;
}

/** Bytes held in `content`: a Buffer, a Uint8Array, an ArrayBuffer, or a JSON-serialized Buffer. */
export function bytesOf(content: unknown): Buffer | undefined {
  if (Buffer.isBuffer(content)) return content;
  if (content instanceof Uint8Array)
    return Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  if (content instanceof ArrayBuffer) return Buffer.from(content);
  const serialized = content as { type?: unknown; data?: unknown } | null;
  if (serialized && serialized.type === 'Buffer' && Array.isArray(serialized.data)) {
    return Buffer.from(serialized.data as number[]);
  }
  return undefined;
}

/** A decoded `data:` URI. */
interface DataUri {
  contentType: string | undefined;
  data: Buffer;
}

/**
 * Decodes a `data:[<mediatype>][;base64],<data>` URI. Throws `NOT_SUPPORTED` when it is malformed.
 */
export function decodeDataUri(uri: string): DataUri {
  const match = /^data:([^,]*),(.*)$/isu.exec(uri);
  if (!match) throw malformed('it has no comma between the media type and the data');
  const meta = (match[1] ?? '').split(';').map((p) => p.trim());
  const body = match[2] ?? '';
  const isBase64 = meta.some((p) => p.toLowerCase() === 'base64');
  const mediaType = meta[0]?.includes('/') ? meta[0].toLowerCase() : undefined;
  let data: Buffer;
  if (isBase64) {
    const compact = body.replace(/\s+/gu, '');
    if (!/^[A-Za-z0-9+/_-]*={0,2}$/u.test(compact))
      throw malformed('its base64 data has characters base64 does not use');
    data = Buffer.from(compact, 'base64');
  } else {
    try {
      data = Buffer.from(decodeURIComponent(body), 'utf8');
    } catch (cause) {
      throw malformed('its data is not valid percent-encoding', cause);
    }
  }
  if (data.length === 0) throw malformed('it holds no data');
  return { contentType: mediaType, data };
}

function malformed(reason: string, cause?: unknown): MessengerError {
  return new MessengerError('NOT_SUPPORTED', `An attachment's data: URI cannot be sent: ${reason}.`, {
    ...(cause === undefined ? {} : { cause }),
  });
}

/** A message that sends the media at `url` (http(s) or `data:`), typed by `contentType` / the URL. */
export function mediaUrlMessage(
  url: string,
  contentType: string | undefined,
  filename?: string,
): OutboundMessage {
  if (url.startsWith('data:')) {
    const decoded = decodeDataUri(url);
    const mime = decoded.contentType ?? contentType ?? 'application/octet-stream';
    return uploadMessage({
      type: mediaTypeOf(mime, filename),
      data: decoded.data,
      contentType: mime,
      ...named(filename),
    });
  }
  if (!/^https?:\/\//iu.test(url)) {
    throw new MessengerError(
      'NOT_SUPPORTED',
      `An attachment URL must be http(s) (Meta fetches it) or a data: URI; got a '${url.split(':')[0]}:' URL. ` +
        'Send local files as bytes (attachment content = Buffer) or a data: URI.',
      { details: { scheme: url.split(':')[0] } },
    );
  }
  const type = mediaTypeOf(contentType, url);
  return {
    message: { attachment: { type, payload: { url, is_reusable: true } } },
    budget: budgetOf(type),
  };
}

function named(filename: string | undefined): { filename?: string } {
  return filename ? { filename } : {};
}

function uploadMessage(upload: InlineUpload): OutboundMessage {
  return {
    message: { attachment: { type: upload.type, payload: {} } },
    budget: budgetOf(upload.type),
    upload,
  };
}

/**
 * One media attachment -> one message.
 *
 * @remarks
 * - `content: { attachment_id }` (set by `AttachmentMiddleware` after an upload) -> sent by that id.
 * - `contentUrl` from the connector's upload (`messenger-attachment:/v3/attachments/{id}/views/original`,
 *   see `connectorFactoryFor`) -> sent by that id.
 * - `contentUrl` http(s) -> `{ type, payload: { url, is_reusable: true } }`, type from the MIME type.
 * - `contentUrl` `data:` URI, or `content` bytes (Buffer / Uint8Array) -> an {@link InlineUpload}
 *   with an empty payload placeholder; the adapter uploads and fills in `attachment_id`.
 * - Anything else throws `NOT_SUPPORTED`.
 *
 * Several media attachments become several messages, in order: a Send API message carries one
 * attachment (only Messenger images may be batched, and Instagram not at all), so one message per
 * attachment keeps the order and works on both channels.
 */
export function mediaAttachmentMessage(attachment: PlainAttachment): OutboundMessage {
  const id = attachmentIdOf(attachment.content) ?? attachmentIdOfUrl(attachment.contentUrl);
  if (id !== undefined) {
    const type = mediaTypeOf(attachment.contentType, attachment.contentUrl);
    return { message: { attachment: { type, payload: { attachment_id: id } } }, budget: budgetOf(type) };
  }
  const bytes = bytesOf(attachment.content);
  if (bytes !== undefined) {
    if (bytes.length === 0) {
      throw new MessengerError(
        'NOT_SUPPORTED',
        `The '${attachment.contentType}' attachment has empty content.`,
      );
    }
    const contentType = attachment.contentType || 'application/octet-stream';
    return uploadMessage({
      type: mediaTypeOf(contentType, attachment.name),
      data: bytes,
      contentType,
      ...named(attachment.name),
    });
  }
  if (typeof attachment.contentUrl === 'string' && attachment.contentUrl.trim() !== '') {
    return mediaUrlMessage(attachment.contentUrl.trim(), attachment.contentType, attachment.name);
  }
  throw new MessengerError(
    'NOT_SUPPORTED',
    `The '${attachment.contentType}' attachment has neither a contentUrl nor bytes in content, so Messenger has nothing ` +
      'to send. Give it a contentUrl (http(s) or data: URI) or put a Buffer in content.',
    { details: { contentType: attachment.contentType } },
  );
}

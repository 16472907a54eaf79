/**
 * File names for media that came without one (Instagram's `lookaside.fbsbx.com` URLs name no file)
 * and for uploads, and the file name in a `Content-Disposition` header. Pure.
 *
 * @module
 */
import { bareMimeType } from './limits';

/** The usual extension of common MIME types (the reverse of the inbound extension table). */
const EXTENSION_BY_MIME: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'image/heif': 'heif',
  'image/bmp': 'bmp',
  'image/tiff': 'tiff',
  'image/svg+xml': 'svg',
  'video/mp4': 'mp4',
  'video/quicktime': 'mov',
  'video/webm': 'webm',
  'video/ogg': 'ogv',
  'video/x-msvideo': 'avi',
  'video/x-matroska': 'mkv',
  'video/3gpp': '3gp',
  'video/mpeg': 'mpeg',
  'video/x-m4v': 'm4v',
  'audio/mp4': 'm4a',
  'audio/x-m4a': 'm4a',
  'audio/mpeg': 'mp3',
  'audio/aac': 'aac',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/ogg': 'ogg',
  'audio/opus': 'opus',
  'audio/webm': 'weba',
  'audio/amr': 'amr',
  'audio/flac': 'flac',
  'audio/3gpp': '3gp',
  'application/pdf': 'pdf',
  'application/zip': 'zip',
  'application/json': 'json',
  'text/plain': 'txt',
  'text/csv': 'csv',
  'application/octet-stream': 'bin',
};

/**
 * The file extension (without the dot) for a MIME type: the usual one for common types, else the
 * subtype when it is short and plain (`image/avif` -> `avif`), else `bin`.
 *
 * @example
 * ```ts
 * extensionForMimeType('audio/mpeg'); // 'mp3'
 * extensionForMimeType('image/avif'); // 'avif'
 * ```
 */
export function extensionForMimeType(contentType: string): string {
  const mime = bareMimeType(contentType);
  const known = EXTENSION_BY_MIME[mime];
  if (known !== undefined) return known;
  const subtype = mime.split('/')[1] ?? '';
  return /^[a-z0-9]{1,5}$/.test(subtype) ? subtype : 'bin';
}

/**
 * A name for an inbound media attachment whose URL names no file: the `asset_id` of an Instagram
 * CDN URL when it has one (stable and unique), else `<family>-<position>`, plus the extension of its
 * type: `15922126635477038.jpg`, `audio-2.m4a`.
 *
 * @param position 1-based place of the attachment in its message.
 */
export function fallbackMediaName(
  url: string | undefined,
  family: string,
  contentType: string,
  position: number,
): string {
  let stem = `${family}-${position}`;
  if (url !== undefined) {
    try {
      const assetId = new URL(url).searchParams.get('asset_id');
      if (assetId !== null && /^\d{1,30}$/.test(assetId)) stem = assetId;
    } catch {
      // Not a URL: keep the positional name.
    }
  }
  return `${stem}.${extensionForMimeType(contentType)}`;
}

/**
 * The file name in a `Content-Disposition` header (`filename*=UTF-8''...` preferred over `filename=`),
 * without any path, or `undefined`.
 *
 * @example
 * ```ts
 * fileNameFromDisposition('attachment; filename="Invoice 7.pdf"'); // 'Invoice 7.pdf'
 * ```
 */
export function fileNameFromDisposition(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  let name: string | undefined;
  const extended = /filename\*\s*=\s*(?:[\w-]+)'[^']*'([^;]+)/i.exec(header);
  if (extended?.[1] !== undefined) {
    try {
      name = decodeURIComponent(extended[1].trim());
    } catch {
      name = undefined;
    }
  }
  if (name === undefined) {
    const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(header);
    name = plain?.[1]?.replace(/\\(.)/g, '$1') ?? plain?.[2];
  }
  if (name === undefined) return undefined;
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1).trim();
  // eslint-disable-next-line no-control-regex -- control characters are what is refused here.
  return base !== '' && base.length <= 255 && !/[\u0000-\u001f]/.test(base) ? base : undefined;
}

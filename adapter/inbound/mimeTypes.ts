/**
 * Real MIME types for Messenger / Instagram media, from the file name in a Meta CDN URL, so that a
 * botbuilder `AttachmentPrompt` validator checking `contentType === 'image/jpeg'` accepts a photo.
 *
 * @module
 */

/** The Messenger attachment types that carry plain media. */
export type MediaFamily = 'image' | 'video' | 'audio' | 'file';

/** MIME by lower-case file extension (without the dot). */
const MIME_BY_EXTENSION: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  jpe: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
  heic: 'image/heic',
  heif: 'image/heif',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  svg: 'image/svg+xml',
  mp4: 'video/mp4',
  m4v: 'video/x-m4v',
  mov: 'video/quicktime',
  webm: 'video/webm',
  avi: 'video/x-msvideo',
  mkv: 'video/x-matroska',
  '3gp': 'video/3gpp',
  mpeg: 'video/mpeg',
  mpg: 'video/mpeg',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  opus: 'audio/opus',
  amr: 'audio/amr',
  flac: 'audio/flac',
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  rtf: 'application/rtf',
  txt: 'text/plain',
  csv: 'text/csv',
  json: 'application/json',
  xml: 'application/xml',
  zip: 'application/zip',
  gz: 'application/gzip',
  rar: 'application/vnd.rar',
  '7z': 'application/x-7z-compressed',
  apk: 'application/vnd.android.package-archive',
};

/** Containers that hold either sound or pictures: the Messenger type decides. */
const AUDIO_CONTAINERS: Readonly<Record<string, string>> = {
  mp4: 'audio/mp4',
  webm: 'audio/webm',
  '3gp': 'audio/3gpp',
  mpeg: 'audio/mpeg',
};
const VIDEO_CONTAINERS: Readonly<Record<string, string>> = { ogg: 'video/ogg' };

/**
 * The type to assume when the URL has no known file name. Meta serves user photos as JPEG, voice
 * clips as MP4 audio (AAC).
 */
export const FAMILY_DEFAULT_CONTENT_TYPE: Readonly<Record<MediaFamily, string>> = {
  image: 'image/jpeg',
  video: 'video/mp4',
  audio: 'audio/mp4',
  file: 'application/octet-stream',
};

/**
 * The file name at the end of a URL's path (`invoice.pdf` for
 * `https://cdn.fbsbx.com/v/t59.2708-21/123_n.pdf/invoice.pdf?_nc_cat=1`), or `undefined` when the last
 * path segment has no extension (`https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=...`) or the
 * URL does not parse.
 */
export function fileNameFromUrl(url: string): string | undefined {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const segment = pathname.slice(pathname.lastIndexOf('/') + 1);
  if (!/\.[A-Za-z0-9]{1,5}$/.test(segment)) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The MIME type for a file name by its extension, read as the given Messenger media family
 * (`audioclip-1.mp4` is `audio/mp4` for an `audio` attachment, `video/mp4` otherwise).
 * `undefined` when the extension is not known.
 *
 * @example
 * ```ts
 * mimeTypeFromFileName('photo.JPG');              // 'image/jpeg'
 * mimeTypeFromFileName('audioclip-1.mp4', 'audio'); // 'audio/mp4'
 * mimeTypeFromFileName('notes.xyz');              // undefined
 * ```
 */
export function mimeTypeFromFileName(fileName: string, family?: MediaFamily): string | undefined {
  const dot = fileName.lastIndexOf('.');
  if (dot < 0) return undefined;
  const extension = fileName.slice(dot + 1).toLowerCase();
  if (family === 'audio' && AUDIO_CONTAINERS[extension] !== undefined) return AUDIO_CONTAINERS[extension];
  if (family === 'video' && VIDEO_CONTAINERS[extension] !== undefined) return VIDEO_CONTAINERS[extension];
  return MIME_BY_EXTENSION[extension];
}

/**
 * The content type of a Messenger media attachment: from the file name in `url` when it has a known
 * extension, else the family default ({@link FAMILY_DEFAULT_CONTENT_TYPE}).
 */
export function mediaContentType(family: MediaFamily, url: string | undefined): string {
  const fileName = url === undefined ? undefined : fileNameFromUrl(url);
  const fromName = fileName === undefined ? undefined : mimeTypeFromFileName(fileName, family);
  return fromName ?? FAMILY_DEFAULT_CONTENT_TYPE[family];
}

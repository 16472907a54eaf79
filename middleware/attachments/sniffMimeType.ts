/**
 * The MIME type of media bytes from their first bytes ("magic numbers"), for inline data a bot sent
 * without a usable content type. Pure.
 *
 * @module
 */

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((byte, i) => bytes[offset + i] === byte);
}

function ascii(bytes: Uint8Array, offset: number, text: string): boolean {
  return startsWith(
    bytes,
    [...text].map((c) => c.charCodeAt(0)),
    offset,
  );
}

/** ISO base media (`....ftyp<brand>`): MP4 / M4A / MOV / HEIC. */
function isoMediaType(bytes: Uint8Array): string | undefined {
  if (!ascii(bytes, 4, 'ftyp') || bytes.length < 12) return undefined;
  const brand = String.fromCharCode(...bytes.subarray(8, 12));
  if (brand === 'qt  ') return 'video/quicktime';
  if (brand.startsWith('M4A') || brand === 'M4B ') return 'audio/mp4';
  if (brand === 'heic' || brand === 'heix' || brand === 'mif1') return 'image/heic';
  return 'video/mp4';
}

/**
 * Recognizes JPEG, PNG, GIF, WebP, PDF, MP4 / M4A / MOV, WebM, Ogg, WAV, AVI and MP3 by their
 * signatures; `undefined` for anything else.
 *
 * @example
 * ```ts
 * sniffMimeType(Buffer.from([0xff, 0xd8, 0xff, 0xe0])); // 'image/jpeg'
 * sniffMimeType(Buffer.from('%PDF-1.7'));               // 'application/pdf'
 * ```
 */
export function sniffMimeType(bytes: Uint8Array): string | undefined {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (ascii(bytes, 0, 'GIF87a') || ascii(bytes, 0, 'GIF89a')) return 'image/gif';
  if (ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'WEBP')) return 'image/webp';
  if (ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'WAVE')) return 'audio/wav';
  if (ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'AVI ')) return 'video/x-msvideo';
  if (ascii(bytes, 0, '%PDF-')) return 'application/pdf';
  if (startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3])) return 'video/webm';
  if (ascii(bytes, 0, 'OggS')) return 'audio/ogg';
  // ID3 tag, or an MPEG audio layer III frame header (11 sync bits, layer bits 01).
  if (
    ascii(bytes, 0, 'ID3') ||
    (bytes.length > 1 && bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe6) === 0xe2)
  ) {
    return 'audio/mpeg';
  }
  return isoMediaType(bytes);
}

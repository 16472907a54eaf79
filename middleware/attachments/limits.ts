/**
 * What Meta accepts as an outgoing attachment, per platform and Send API attachment type: the size
 * limit and the MIME types. Pure data and checks; no I/O.
 *
 * Sources (messenger-platform.md, section 3): Messenger attachment types `audio`, `file`, `image`,
 * `video`, "Maximum file size is 25MB"; Instagram images png / jpeg / gif up to 8 MB, audio aac / m4a / wav /
 * mp4, video mp4 / ogg / avi / mov / webm and PDF files up to 25 MB.
 *
 * @module
 */
import type { MediaType } from '../../adapter/outbound/media';
import type { MessengerChannelId } from '../../adapter/platform';

/** One mebibyte; Meta's "MB" limits are binary megabytes (25 MB = 26,214,400 bytes). */
export const MB = 1024 * 1024;

/** The limit of one attachment type on one platform. */
export interface MediaLimit {
  /** Largest file, in bytes. */
  readonly maxBytes: number;
  /**
   * The MIME types accepted (lower case, no parameters), or `'any'`. A type that is not specific
   * (`application/octet-stream`, a bare family such as `image`) is never refused for its type: only
   * Meta can tell, and a refusal by Meta is handled like a local one (link or `ATTACHMENT_REJECTED`).
   */
  readonly mimeTypes: ReadonlySet<string> | 'any';
}

/** Limits of every media type on one platform. */
export type PlatformLimits = Readonly<Record<MediaType, MediaLimit>>;

/** Limits of both platforms. */
export type AttachmentLimits = Readonly<Record<MessengerChannelId, PlatformLimits>>;

const any25: MediaLimit = { maxBytes: 25 * MB, mimeTypes: 'any' };

/**
 * Meta's documented limits. Messenger: every type up to 25 MB, any MIME type. Instagram: images
 * `image/png` / `image/jpeg` / `image/gif` up to 8 MB; audio (aac, m4a, wav, mp4), video (mp4, ogg, avi, mov, webm)
 * and files (PDF only) up to 25 MB.
 */
export const DEFAULT_ATTACHMENT_LIMITS: AttachmentLimits = {
  facebook: { image: any25, video: any25, audio: any25, file: any25 },
  instagram: {
    // GIF: the Instagram-Login messaging page sends "the image or GIF" and the upload API takes gif
    // (Jun 30, 2026); the older send pages list png and jpeg only. Meta accepts it, so we do too.
    image: { maxBytes: 8 * MB, mimeTypes: new Set(['image/jpeg', 'image/png', 'image/gif']) },
    audio: {
      maxBytes: 25 * MB,
      mimeTypes: new Set([
        'audio/aac',
        'audio/x-aac',
        'audio/mp4',
        'audio/m4a',
        'audio/x-m4a',
        'audio/wav',
        'audio/x-wav',
        'audio/wave',
        'audio/vnd.wave',
      ]),
    },
    video: {
      maxBytes: 25 * MB,
      mimeTypes: new Set([
        'video/mp4',
        'video/ogg',
        'video/x-msvideo',
        'video/avi',
        'video/msvideo',
        'video/quicktime',
        'video/webm',
      ]),
    },
    file: { maxBytes: 25 * MB, mimeTypes: new Set(['application/pdf']) },
  },
};

/** Override of one media type's limit (see `AttachmentMiddlewareOptions.limits`). */
export interface MediaLimitOverride {
  /** Largest file, in bytes. */
  maxBytes?: number;
  /** Accepted MIME types, or `'any'`. */
  mimeTypes?: readonly string[] | 'any';
}

/** Overrides of the limits, per platform and media type. */
export type AttachmentLimitOverrides = Partial<
  Record<MessengerChannelId, Partial<Record<MediaType, MediaLimitOverride>>>
>;

/** {@link DEFAULT_ATTACHMENT_LIMITS} with `overrides` applied. */
export function mergeLimits(overrides: AttachmentLimitOverrides | undefined): AttachmentLimits {
  if (overrides === undefined) return DEFAULT_ATTACHMENT_LIMITS;
  const merge = (channelId: MessengerChannelId): PlatformLimits => {
    const base = DEFAULT_ATTACHMENT_LIMITS[channelId];
    const over = overrides[channelId] ?? {};
    const one = (type: MediaType): MediaLimit => {
      const o = over[type];
      if (o === undefined) return base[type];
      return {
        maxBytes: o.maxBytes ?? base[type].maxBytes,
        mimeTypes:
          o.mimeTypes === undefined
            ? base[type].mimeTypes
            : o.mimeTypes === 'any'
              ? 'any'
              : new Set(o.mimeTypes.map((m) => m.toLowerCase())),
      };
    };
    return { image: one('image'), video: one('video'), audio: one('audio'), file: one('file') };
  };
  return { facebook: merge('facebook'), instagram: merge('instagram') };
}

/** The bare MIME type: lower case, without parameters (`Image/PNG; q=1` -> `image/png`). */
export function bareMimeType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * True when a MIME type names a concrete format (`image/png`), false for types that say nothing
 * about the bytes: empty, a bare family (`image`), a wildcard (`image/*`) or a generic binary type
 * (`application/octet-stream`, `binary/octet-stream`).
 */
export function isSpecificMimeType(contentType: string | undefined): boolean {
  const mime = bareMimeType(contentType);
  if (!/^[a-z0-9][\w.+-]*\/[\w.+-]+$/.test(mime)) return false;
  return mime !== 'application/octet-stream' && mime !== 'binary/octet-stream' && !mime.endsWith('/*');
}

/** What a check found wrong: too large, or a type the platform does not take. */
export type LimitViolation =
  | { readonly reason: 'too-large'; readonly size: number; readonly maxBytes: number }
  | { readonly reason: 'unsupported-type'; readonly mimeType: string; readonly accepted: readonly string[] };

/** What {@link checkMedia} is given about one attachment. */
export interface MediaFacts {
  readonly channelId: MessengerChannelId;
  /** The Send API attachment type it goes out as. */
  readonly mediaType: MediaType;
  /** Its MIME type (may be unspecific). */
  readonly mimeType: string;
  /** Its size in bytes, when known. */
  readonly size?: number | undefined;
}

/**
 * Checks one attachment against the limits of its platform: `undefined` when it may be sent, else
 * the violation (the type first: a file of the wrong type is wrong at any size).
 *
 * @example
 * ```ts
 * checkMedia({ channelId: 'instagram', mediaType: 'image', mimeType: 'image/png', size: 9 * MB });
 * // { reason: 'too-large', size: 9437184, maxBytes: 8388608 }
 * checkMedia({ channelId: 'instagram', mediaType: 'audio', mimeType: 'audio/mpeg' });
 * // { reason: 'unsupported-type', mimeType: 'audio/mpeg', accepted: ['audio/aac', ...] }
 * ```
 */
export function checkMedia(
  facts: MediaFacts,
  limits: AttachmentLimits = DEFAULT_ATTACHMENT_LIMITS,
): LimitViolation | undefined {
  const limit = limits[facts.channelId][facts.mediaType];
  const mime = bareMimeType(facts.mimeType);
  if (limit.mimeTypes !== 'any' && isSpecificMimeType(mime) && !limit.mimeTypes.has(mime)) {
    return { reason: 'unsupported-type', mimeType: mime, accepted: [...limit.mimeTypes] };
  }
  if (facts.size !== undefined && facts.size > limit.maxBytes) {
    return { reason: 'too-large', size: facts.size, maxBytes: limit.maxBytes };
  }
  return undefined;
}

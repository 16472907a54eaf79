/**
 * What happens to an attachment Meta would not take (too large, or a type the platform does not
 * accept): the `ATTACHMENT_REJECTED` error that names it, or the text line that replaces it with a
 * link. Pure.
 *
 * @module
 */
import { MessengerError } from '../../adapter/errors';
import { fileNameFromUrl } from '../../adapter/inbound/mimeTypes';
import type { MediaType } from '../../adapter/outbound/media';
import type { MessengerChannelId } from '../../adapter/platform';
import type { LimitViolation } from './limits';

/** What to do with an attachment over a limit or of an unsupported type. */
export type RejectedAttachmentPolicy = 'link' | 'reject';

/** Why an attachment cannot go out as media (a Meta refusal keeps its own `GraphApiError`). */
export type RejectionReason = LimitViolation;

/** The attachment a rejection is about. */
export interface RejectedMedia {
  readonly channelId: MessengerChannelId;
  readonly mediaType: MediaType;
  readonly mimeType: string;
  /** Its name, when known. */
  readonly name: string | undefined;
  /** Its http(s) URL, when it has one (only then can it become a link). */
  readonly url: string | undefined;
  /** Its size in bytes, when known. */
  readonly size: number | undefined;
}

/**
 * A size for people: `312 bytes`, `640 KB`, `8 MB`, `9.5 MB` (binary units, as Meta's limits).
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const kb = bytes / 1024;
  if (kb < 1024) return `${trim(kb)} KB`;
  return `${trim(kb / 1024)} MB`;
}

function trim(value: number): string {
  return value >= 100 || Number.isInteger(value)
    ? String(Math.round(value))
    : value.toFixed(1).replace(/\.0$/, '');
}

/** The name people see for an attachment: its name, else the URL's file name, else `Attachment`. */
export function displayName(media: Pick<RejectedMedia, 'name' | 'url'>): string {
  const fromUrl = media.url === undefined ? undefined : fileNameFromUrl(media.url);
  return media.name ?? fromUrl ?? 'Attachment';
}

/**
 * The text line that stands for an attachment sent as a link: `<name>: <url>`.
 *
 * @example
 * ```ts
 * linkLine({ name: 'catalog.pdf', url: 'https://shop.example/catalog.pdf' });
 * // 'catalog.pdf: https://shop.example/catalog.pdf'
 * ```
 */
export function linkLine(media: Pick<RejectedMedia, 'name' | 'url'> & { url: string }): string {
  return `${displayName(media)}: ${media.url}`;
}

const PLATFORM: Readonly<Record<MessengerChannelId, string>> = {
  facebook: 'Messenger',
  instagram: 'Instagram',
};

function what(media: RejectedMedia): string {
  const facts = [media.size === undefined ? undefined : formatBytes(media.size), media.mimeType || undefined];
  const known = facts.filter((fact): fact is string => fact !== undefined);
  return `'${displayName(media)}'${known.length > 0 ? ` (${known.join(', ')})` : ''}`;
}

/** The sentence that says what is wrong with `media`. */
export function rejectionProblem(media: RejectedMedia, reason: RejectionReason): string {
  const platform = PLATFORM[media.channelId];
  switch (reason.reason) {
    case 'too-large':
      return `The ${media.mediaType} ${what(media)} is larger than ${platform} allows for ${media.mediaType} attachments (${formatBytes(reason.maxBytes)}).`;
    case 'unsupported-type':
      return `The ${media.mediaType} ${what(media)} is of a type ${platform} does not accept for ${media.mediaType} attachments (it takes ${reason.accepted.join(', ')}).`;
  }
}

/**
 * The `ATTACHMENT_REJECTED` error for an attachment that cannot go out: it names the file, its size
 * and type, the limit, and what to do.
 *
 * @param policy the middleware's `onRejected`: with `'link'` the error is only raised for inline
 *   data, which has no URL to link to.
 */
export function attachmentRejectedError(
  media: RejectedMedia,
  reason: RejectionReason,
  policy: RejectedAttachmentPolicy,
): MessengerError {
  const advice =
    media.url === undefined
      ? policy === 'link'
        ? ' It was given as inline data, so it cannot be sent as a link either: host it at an https URL (then it goes out as a link), or send a smaller file of a supported type.'
        : ' Send a smaller file of a supported type, or host it at an https URL and use onRejected: "link".'
      : ' Send a smaller file of a supported type, or use onRejected: "link" to send it as a link.';
  return new MessengerError('ATTACHMENT_REJECTED', `${rejectionProblem(media, reason)}${advice}`, {
    details: {
      channelId: media.channelId,
      name: displayName(media),
      mediaType: media.mediaType,
      contentType: media.mimeType,
      ...(media.size === undefined ? {} : { size: media.size }),
      reason: reason.reason,
      ...(reason.reason === 'too-large' ? { limit: reason.maxBytes } : {}),
      ...(reason.reason === 'unsupported-type' ? { accepted: reason.accepted } : {}),
    },
  });
}

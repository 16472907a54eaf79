/**
 * The decision for each outgoing attachment: leave it to the outbound mapping, send it by URL,
 * upload it (and send the `attachment_id`), or refuse it (over a limit, or of a type the platform does
 * not take). Pure.
 *
 * @module
 */
import type { PlainAttachment } from '../../adapter/activity';
import { type MediaType, mediaTypeOf } from '../../adapter/outbound/media';
import type { MessengerChannelId } from '../../adapter/platform';
import type { HeadFacts } from './headLookup';
import { type AttachmentLimits, checkMedia, isSpecificMimeType, type LimitViolation } from './limits';
import { type OutboundMedia, outboundMediaOf, type UrlMedia } from './outboundMedia';
import type { RejectedMedia } from './rejection';
import { copyWith } from '../../adapter/copyWith';

/** What to do with one outgoing attachment. */
export type AttachmentPlan =
  /** Not media this middleware handles (cards, ids, ...): the outbound mapping deals with it. */
  | { readonly action: 'keep'; readonly attachment: PlainAttachment }
  /** Media by URL, within limits: sent as `attachment` (its `contentType` set to the real type). */
  | { readonly action: 'send-url'; readonly attachment: PlainAttachment; readonly media: UrlMedia }
  /** Bytes (or a URL with `uploadUrls`), within limits: upload once, send the id. */
  | { readonly action: 'upload'; readonly attachment: PlainAttachment; readonly media: OutboundMedia }
  /** Over a limit or of an unsupported type. */
  | {
      readonly action: 'refuse';
      readonly attachment: PlainAttachment;
      readonly media: OutboundMedia;
      readonly violation: LimitViolation;
      readonly rejected: RejectedMedia;
    };

/** What {@link planAttachment} needs besides the attachment. */
export interface PlanContext {
  readonly channelId: MessengerChannelId;
  readonly limits: AttachmentLimits;
  /** Upload URL media too (option `uploadUrls`). */
  readonly uploadUrls: boolean;
}

/** URL media with what a HEAD answer said: its type when the bot's said nothing, and its size. */
export function withUrlFacts(media: UrlMedia, facts: HeadFacts | undefined): UrlMedia {
  if (
    facts?.contentType === undefined ||
    isSpecificMimeType(media.mimeType) ||
    !isSpecificMimeType(facts.contentType)
  ) {
    return media;
  }
  return copyWith(media, { mimeType: facts.contentType, mediaType: mediaTypeOf(facts.contentType, media.url) });
}

/** The facts a rejection names. */
export function rejectedMediaOf(
  media: OutboundMedia,
  channelId: MessengerChannelId,
  size: number | undefined,
): RejectedMedia {
  return {
    channelId,
    mediaType: media.mediaType,
    mimeType: media.mimeType,
    name: media.name,
    url: media.kind === 'url' ? media.url : undefined,
    size,
  };
}

/**
 * The `contentType` that makes the outbound mapping send an attachment as `mediaType`: the real
 * MIME type when known, else the bare family (`image`), which the mapping reads the same way.
 */
export function sendContentType(mimeType: string, mediaType: MediaType): string {
  return isSpecificMimeType(mimeType) ? mimeType : mediaType;
}

/**
 * Decides what to do with one outgoing attachment.
 *
 * @param urlFacts a HEAD answer for URL media (option `checkUrls`), if any.
 * @throws MessengerError `NOT_SUPPORTED` for a malformed `data:` URI.
 */
export function planAttachment(
  attachment: PlainAttachment,
  context: PlanContext,
  urlFacts?: HeadFacts,
): AttachmentPlan {
  return planMedia(attachment, outboundMediaOf(attachment), context, urlFacts);
}

/** {@link planAttachment} for media already read with `outboundMediaOf` (`undefined`: not media). */
export function planMedia(
  attachment: PlainAttachment,
  found: OutboundMedia | undefined,
  context: PlanContext,
  urlFacts?: HeadFacts,
): AttachmentPlan {
  if (found === undefined) return { action: 'keep', attachment };
  const media = found.kind === 'url' ? withUrlFacts(found, urlFacts) : found;
  const size = media.kind === 'bytes' ? media.data.length : urlFacts?.size;
  const violation = checkMedia(
    { channelId: context.channelId, mediaType: media.mediaType, mimeType: media.mimeType, size },
    context.limits,
  );
  if (violation !== undefined) {
    return {
      action: 'refuse',
      attachment,
      media,
      violation,
      rejected: rejectedMediaOf(media, context.channelId, size),
    };
  }
  if (media.kind === 'bytes' || context.uploadUrls) return { action: 'upload', attachment, media };
  const contentType = sendContentType(media.mimeType, media.mediaType);
  const sent = contentType === attachment.contentType ? attachment : copyWith(attachment, { contentType });
  return { action: 'send-url', attachment: sent, media };
}

/** The attachment the outbound mapping sends by id after an upload. */
export function uploadedAttachment(media: OutboundMedia, attachmentId: string): PlainAttachment {
  const out: PlainAttachment = {
    contentType: sendContentType(media.mimeType, media.mediaType),
    content: { attachment_id: attachmentId },
  };
  if (media.name !== undefined) out.name = media.name;
  return out;
}

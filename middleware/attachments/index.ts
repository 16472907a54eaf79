/**
 * Attachments for Messenger and Instagram: `AttachmentMiddleware` (inbound MIME normalization,
 * outbound limits, uploads, reuse of uploaded ids, link fallback) and the pure policies behind it.
 *
 * @module
 */
export { AttachmentMiddleware } from './attachmentMiddleware';
export {
  type AttachmentMiddlewareOptions,
  DEFAULT_HEAD_CACHE_TTL_MS,
  DEFAULT_HEAD_TIMEOUT_MS,
  type ResolvedAttachmentOptions,
  resolveAttachmentOptions,
} from './attachmentOptions';
export { extensionForMimeType, fallbackMediaName, fileNameFromDisposition } from './fileNames';
export { attachmentKeys, type HeadFacts, headFactsOf, headRequest, lookupHead } from './headLookup';
export {
  isThumbsUp,
  META_CDN_HOSTS,
  mediaFamilyOf,
  normalizeInbound,
  typeFromHead,
  typeIsFamilyDefault,
} from './inboundMedia';
export {
  type AttachmentLimitOverrides,
  type AttachmentLimits,
  checkMedia,
  DEFAULT_ATTACHMENT_LIMITS,
  isSpecificMimeType,
  type LimitViolation,
  MB,
  type MediaLimit,
  type MediaFacts,
  type MediaLimitOverride,
  mergeLimits,
  type PlatformLimits,
} from './limits';
export { type AttachmentSlot, splitAtLinks } from './linkSplit';
export { type InlineMedia, type OutboundMedia, outboundMediaOf, type UrlMedia } from './outboundMedia';
export { type AttachmentPlan, type PlanContext, planAttachment } from './outboundPlan';
export {
  attachmentRejectedError,
  formatBytes,
  linkLine,
  type RejectedAttachmentPolicy,
  type RejectedMedia,
  type RejectionReason,
} from './rejection';
export { LINKABLE_SUBCODES, STALE_ATTACHMENT_ID_SUBCODE } from './sendRecovery';
export { sniffMimeType } from './sniffMimeType';
export { DEFAULT_UPLOAD_TTL_MS, UploadCache, type UploadRecord, uploadHash, uploadKey } from './uploadCache';

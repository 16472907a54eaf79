/**
 * Outbound mapping: Bot Framework activities -> Send API requests (Messenger and Instagram).
 *
 * @module
 */

export { actionPayload, actionsToButtons, actionToButton, type MappedButtons } from './buttons';
export { type Amount, parseAmount } from './cards/amount';
export { CardContentTypes } from './cards/contentTypes';
export { PASSTHROUGH_KEYS, readSendOptions, type SendOptions } from './channelData';
export * from './limits';
export { decodeDataUri, type MediaType, mediaAttachmentMessage, mediaTypeOf } from './media';
export { type MappedSuggestions, suggestedActionsToQuickReplies } from './quickReplies';
export { splitText, splitToLimit, textLimitOf } from './textSplit';
export type { TextMeasure } from './textUnits';
export { activityToSendRequests } from './toSendRequests';
export { truncate } from './truncate';
export { attachmentIdOfUrl, UPLOADED_ATTACHMENT_BASE_URI } from './uploadedAttachmentUrl';
export type {
  GenericElement,
  InlineUpload,
  OutboundContext,
  OutboundMessage,
  OutboundRequest,
  SendButton,
  SendQuickReply,
} from './types';

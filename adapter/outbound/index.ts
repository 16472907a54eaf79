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
export {
  IMAGE_GRID_IMAGES,
  IMAGE_GRID_SUBTITLE_MAX,
  IMAGE_GRID_TITLE_MAX,
  type ImageGridAction,
  type ImageGridAttachment,
  type ImageGridButton,
  type ImageGridElement,
  type ImageGridImage,
  type ImageGridImageSpec,
  type ImageGridSpec,
  imageGridMessage,
  imageGridTemplate,
} from './imageGrid';
export { groupImages, MAX_IMAGES_PER_MESSAGE } from './imageSets';
export { type MappedSuggestions, suggestedActionsToQuickReplies } from './quickReplies';
export {
  messageReactionRequests,
  type ReactionPayload,
  reactionActivity,
  unreactionActivity,
} from './reactions';
export { splitText, splitToLimit, textLimitOf } from './textSplit';
export type { TextMeasure } from './textUnits';
export { activityToSendRequests } from './toSendRequests';
export { truncate } from './truncate';
export {
  UTILITY_MESSAGING_TYPE,
  type UtilityButtonParameter,
  type UtilityTemplate,
  type UtilityTemplateComponent,
  type UtilityTemplateSpec,
  utilityMessage,
  utilityTemplate,
} from './utilityTemplate';
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

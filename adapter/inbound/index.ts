/**
 * Inbound half of the adapter core: Messenger / Instagram webhook events -> Bot Framework activities.
 *
 * @module
 */
export {
  inboundAttachments,
  type StickerContent,
  THUMBS_UP_STICKER_IDS,
  vendorContentType,
} from './attachments';
export { type AzureStandbyValue, toAzureShape, withAzureShape } from './azureShapes';
export { eventDedupeKey } from './dedupe';
export {
  classifyEvent,
  HANDOVER_ACTIONS,
  type HandoverAction,
  type InboundEvent,
  type InboundEventKind,
  type MessengerMessage,
  type MessengerMessageEdit,
  type MessengerPostback,
  type MessengerReaction,
} from './eventKind';
export { type MessengerEventName, MessengerEventNames } from './eventNames';
export {
  DEFAULT_GET_STARTED_PAYLOAD,
  type EchoValue,
  eventToActivities,
  type InboundOptions,
} from './eventToActivities';
export { eventConversationId, eventTimestamp, eventUserId, isEchoEvent, toEpochMs } from './identity';
export {
  FAMILY_DEFAULT_CONTENT_TYPE,
  fileNameFromUrl,
  type MediaFamily,
  mediaContentType,
  mimeTypeFromFileName,
} from './mimeTypes';
export { TEMPLATE_STATUS_FIELDS, type TemplateStatusValue } from './templateStatus';
export {
  nameFromProfile,
  USER_NAME_DEFAULTS,
  USER_NAME_FIELDS,
  type UserNameSettings,
  UserNames,
  type UserNamesDeps,
  withUserNames,
} from './userNames';

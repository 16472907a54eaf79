/**
 * What both entry points (`botbuilder-adapter-messenger` and `botbuilder-adapter-messenger/agents`)
 * export from adapter/: everything but the framework shell. No botbuilder, no Agents SDK here.
 *
 * @module
 */
export type {
  PlainActivity,
  PlainAttachment,
  PlainCardAction,
  PlainChannelAccount,
  PlainConversationAccount,
  PlainMessageReaction,
} from './activity';
// The package's policies: kinds and order
export { isPolicyMiddleware, POLICY_ORDER, type PolicyKind, type PolicyMiddleware } from './core';
// Errors
export {
  GraphApiError,
  type GraphApiErrorInit,
  type GraphUsage,
  MessengerError,
  type MessengerErrorCode,
  type MessengerErrorOptions,
} from './errors';
// Graph API client
export {
  appSecretProof,
  GraphClient,
  type GraphClientOptions,
  type GraphHttpClient,
  type GraphRawOptions,
  type GraphResponse,
  type GraphRetryInfo,
  type IceBreaker,
  type IceBreakersForLocale,
  type MessengerProfile,
  type MessengerProfileField,
  type PersistentMenu,
  type PersistentMenuItem,
  parseUsageHeaders,
  RETIRED_MESSAGE_TAGS,
  toGraphApiError,
  type UploadAttachmentInput,
} from './graph';
export {
  type AzureStandbyValue,
  type MessengerEventName,
  MessengerEventNames,
  nameFromProfile,
  toAzureShape,
  USER_NAME_DEFAULTS,
  type UserNameSettings,
} from './inbound';
// Instagram API with Instagram Login
export { DEFAULT_INSTAGRAM_GRAPH_API_URL, type InstagramLoginOptions } from './instagramLogin';
// Meta's 2026 messages: utility templates and their status, comment replies, reactions, stickers,
// image sets, personas, conversations
export { type CommentTarget, PRIVATE_REPLY_WINDOW_MS } from './delivery';
export {
  type CloneTemplateInput,
  CONVERSATION_MESSAGE_FIELDS,
  type ConversationMessage,
  type CreatedTemplate,
  type CreateTemplateInput,
  cloneLibraryTemplate,
  createMessageTemplate,
  createPersona,
  deletePersona,
  findConversation,
  getTemplateStatus,
  type LibrarySearch,
  type LibraryTemplate,
  listMessageTemplates,
  listPersonas,
  type PageTemplate,
  type Persona,
  readConversationMessages,
  replyToComment,
  searchTemplateLibrary,
  type TemplateStatus,
} from './graph';
export { TEMPLATE_STATUS_FIELDS, type TemplateStatusValue } from './inbound';
export {
  groupImages,
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
  MAX_IMAGES_PER_MESSAGE,
  messageReactionRequests,
  type ReactionPayload,
  reactionActivity,
  UTILITY_MESSAGING_TYPE,
  type UtilityButtonParameter,
  type UtilityTemplate,
  type UtilityTemplateComponent,
  type UtilityTemplateSpec,
  unreactionActivity,
  utilityMessage,
  utilityTemplate,
} from './outbound';
export type { MessengerAdapterOptions, MessengerLogger } from './options';
// Platform facts and activity shapes
export {
  conversationIdOf,
  DEFAULT_GRAPH_API_URL,
  DEFAULT_GRAPH_API_VERSION,
  INSTAGRAM_INBOX_APP_ID,
  inboxAppId,
  type MessengerChannelId,
  PAGE_INBOX_APP_ID,
  parseConversationId,
  THUMBS_UP_STICKER_ID,
  type WebhookObject,
} from './platform';
export {
  addSendInterceptor,
  type SendApiBody,
  type SendBudget,
  type SendInterceptor,
  type SendOperation,
  type SendResult,
} from './sendPipeline';
// Shared state
export {
  DEFAULT_REDIS_COMMAND_TIMEOUT_MS,
  DEFAULT_REDIS_PREFIX,
  type IoRedisLikeClient,
  MemoryStateStore,
  type MemoryStateStoreOptions,
  type NodeRedisLikeClient,
  type RedisLikeClient,
  RedisStateStore,
  type RedisStateStoreOptions,
  readThreadOwner,
  type StateStore,
  stateKeys,
  type ThreadOwnerRecord,
} from './state';
// Durable intake and graceful shutdown
export { type CloseReport, DEFAULT_DRAIN_TIMEOUT_MS, type DrainReport, type DurableIntakeOptions } from './turns';
// Turn state and send pipeline (for middleware authors)
export {
  getMessengerTurnInfo,
  type MessengerTurnInfo,
  MessengerTurnKey,
  type TurnSource,
  type TurnStateHolder,
} from './turnInfo';
// Webhook
export {
  checkSignatures,
  computeSignature,
  messengerWebhook,
  type SignaturesCheck,
  verifySignature,
  type WebhookHandler,
  type WebhookProcessor,
  type WebhookRequest,
  type WebhookResponse,
  type WebhookSecrets,
  type WebhookSigner,
} from './webhook';
// Thread control and the handoff events
export {
  createHandoffInitiation,
  createHandoffStatus,
  type HandoffConversation,
  type HandoffState,
  type HandoffStatusDetails,
  type HandoffTrigger,
  type HandoverRecord,
  readThreadControl,
  type ThreadControlDeps,
  type ThreadControlGraph,
  type ThreadControlOutcome,
  type ThreadController,
  type ThreadRef,
  type ThreadState,
} from './handover';
// Neutral turn shapes (the middleware's context type)
export type {
  MessengerMiddleware,
  MessengerTurnContext,
  ProactiveReference,
  TurnActivity,
  TurnChannelAccount,
  TurnResourceResponse,
  TurnSendHandler,
  TurnStateCollection,
} from './turnContext';
// Uploaded attachments sent by id (contentUrl from the connector's or uploadAttachment's id)
export { attachmentIdOfUrl, UPLOADED_ATTACHMENT_BASE_URI } from './outbound';
// Types that appear in the public signatures above
export type { MediaType } from './outbound';
export {
  type GraphCallContext,
  type GraphResponseHeaders,
  INSTAGRAM_USER_PROFILE_FIELDS,
  MESSENGER_USER_PROFILE_FIELDS,
} from './graph';

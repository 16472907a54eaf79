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
  computeSignature,
  messengerWebhook,
  verifySignature,
  type WebhookHandler,
  type WebhookProcessor,
  type WebhookRequest,
  type WebhookResponse,
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

/**
 * botbuilder-adapter-messenger: a Bot Framework (botbuilder v4) adapter for Facebook Messenger and
 * Instagram, compliant with Meta's rules by default.
 *
 * @packageDocumentation
 */

// Middleware: attachment normalization, limits and upload reuse
export {
  type AttachmentLimitOverrides,
  type AttachmentLimits,
  AttachmentMiddleware,
  type AttachmentMiddlewareOptions,
  checkMedia,
  DEFAULT_ATTACHMENT_LIMITS,
  isThumbsUp,
} from '../middleware/attachments';
// Middleware: handover to human agents (conversation routing)
export {
  asHumanAgent,
  createHandoffStatus,
  type HandoffState,
  type HandoffTrigger,
  HandoverMiddleware,
  type HandoverMiddlewareOptions,
  type HandoverRecord,
  isHumanAgentActivity,
  type ThreadController,
  type ThreadControlOutcome,
  type ThreadControlRequest,
  type ThreadState,
} from '../middleware/handover';
// Middleware: messaging window and HUMAN_AGENT tagging
export {
  checkTag,
  decideOutgoing,
  getWindowState,
  MESSAGING_WINDOWS,
  MessagingWindowMiddleware,
  type MessagingWindowOptions,
  type OutgoingDecision,
  RETIRED_TAGS,
  type WindowClosedEvent,
  type WindowState,
  type WindowStateOptions,
  type WindowStatus,
  windowStateAt,
} from '../middleware/messagingWindow';
// Middleware: rate limiting and proactive fan-out
export {
  DEFAULT_FAN_OUT_CONCURRENCY,
  DEFAULT_SEND_LIMITS,
  type FanOutFailure,
  type FanOutOptions,
  type FanOutProgress,
  type FanOutResult,
  type FanOutSkip,
  fanOut,
  formatFanOutProgress,
  isRedisCommandStore,
  META_SEND_LIMITS,
  MemoryRateLimitBackend,
  type ProactiveAdapter,
  type ProgressBarOptions,
  type RateLimitBackend,
  RateLimiter,
  RateLimitMiddleware,
  type RateLimitOptions,
  type RedisCommandStore,
  RedisRateLimitBackend,
  type RedisRateLimitBackendOptions,
} from '../middleware/rateLimit';
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
export { type MessengerEventName, MessengerEventNames } from './inbound';
export { nameFromProfile, USER_NAME_DEFAULTS, type UserNameSettings } from './inbound/userNames';
export { type AzureStandbyValue, toAzureShape } from './inbound/azureShapes';
export {
  type ConnectorAttachmentData,
  connectorFactoryFor,
  type MessengerConnectorClient,
  type MessengerConnectorFactory,
} from './delivery/connectorFactory';
export { attachmentIdOfUrl, UPLOADED_ATTACHMENT_BASE_URI } from './outbound/uploadedAttachmentUrl';
// Adapter and webhook
export { type BotLogic, MessengerAdapter } from './messengerAdapter';
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
export { readThreadOwner, stateKeys, type ThreadOwnerRecord } from './state/keys';
export { MemoryStateStore, type MemoryStateStoreOptions } from './state/memoryStateStore';
export type { IoRedisLikeClient, NodeRedisLikeClient, RedisLikeClient } from './state/redisClient';
export {
  DEFAULT_REDIS_COMMAND_TIMEOUT_MS,
  DEFAULT_REDIS_PREFIX,
  RedisStateStore,
  type RedisStateStoreOptions,
} from './state/redisStateStore';
// Shared state
export type { StateStore } from './state/stateStore';
// Turn state and send pipeline (for middleware authors)
export {
  getMessengerTurnInfo,
  type MessengerTurnInfo,
  MessengerTurnKey,
  type TurnSource,
  type TurnStateHolder,
} from './turnInfo';
export { messengerWebhook, type WebhookProcessor } from './webhook/express';
export type { WebhookRequest, WebhookResponse } from './webhook/httpTypes';
export { computeSignature, verifySignature } from './webhook/signature';

// Types that appear in the public signatures above
export type { MediaType } from './outbound/media';
export type { GraphResponseHeaders } from './graph/usageHeaders';
export type { GraphCallContext } from './graph/graphErrors';
export type {
  LimitViolation,
  MediaFacts,
  MediaLimitOverride,
  PlatformLimits,
} from '../middleware/attachments/limits';
export type { RejectedAttachmentPolicy } from '../middleware/attachments/rejection';
export { type BudgetFigures, DEFAULT_SAFETY_FACTOR, type PerChannel } from '../middleware/rateLimit/limits';
export type { RedisCommand } from '../middleware/rateLimit/redisBackend';
export type { AcquireRequest, AcquireResult } from '../middleware/rateLimit/backend';
export type { AccountQueueStats, Send } from '../middleware/rateLimit/accountQueue';
export type { MemoryRateLimitBackendOptions } from '../middleware/rateLimit/memoryBackend';
export type { MessagingWindows } from '../middleware/messagingWindow/windows';
export type {
  MessagingType,
  OutgoingMessageFacts,
  UnknownWindowPolicy,
  WindowPolicySettings,
} from '../middleware/messagingWindow/windowPolicy';
export type { MessageTag } from '../middleware/messagingWindow/windowTags';
export type { HumanAgentChannelData, HumanAgentMessage } from '../middleware/handover/humanAgent';
export type { HandoffConversation, HandoffStatusDetails } from '../middleware/handover/handoffEvents';
export {
  readThreadControl,
  type ThreadControlDeps,
  type ThreadControlGraph,
  type ThreadRef,
} from '../middleware/handover/threadControl';
export type { MediaLimit } from '../middleware/attachments/limits';
export { type BudgetState, decideAcquire } from '../middleware/rateLimit/backend';
export { INSTAGRAM_USER_PROFILE_FIELDS, MESSENGER_USER_PROFILE_FIELDS } from './graph';

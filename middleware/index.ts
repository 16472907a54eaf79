/**
 * The public API of the four middleware (handover, messaging window, attachments, rate limit), as
 * both entry points (`botbuilder-adapter-messenger` and `botbuilder-adapter-messenger/agents`) export it.
 *
 * @module
 */

// Attachment normalization, limits and upload reuse
export {
  type AttachmentLimitOverrides,
  type AttachmentLimits,
  AttachmentMiddleware,
  type AttachmentMiddlewareOptions,
  checkMedia,
  DEFAULT_ATTACHMENT_LIMITS,
  isThumbsUp,
  type LimitViolation,
  type MediaFacts,
  type MediaLimit,
  type MediaLimitOverride,
  type PlatformLimits,
  type RejectedAttachmentPolicy,
} from './attachments';
// Handover to human agents (conversation routing)
export {
  asHumanAgent,
  type HandoverMiddlewareOptions,
  HandoverMiddleware,
  type HumanAgentChannelData,
  type HumanAgentMessage,
  isHumanAgentActivity,
  type ThreadControlRequest,
} from './handover';
// Messaging window and HUMAN_AGENT tagging
export {
  AD_WINDOW_MS,
  checkTag,
  decideOutgoing,
  getWindowState,
  MESSAGING_WINDOWS,
  type MessageTag,
  type MessagingType,
  type MessagingWindows,
  MessagingWindowMiddleware,
  type MessagingWindowOptions,
  type OutgoingDecision,
  type OutgoingMessageFacts,
  RETIRED_TAGS,
  type UnknownWindowPolicy,
  type WindowClosedEvent,
  type LocalRefusalEvent,
  type WindowPolicySettings,
  type WindowState,
  type WindowStateOptions,
  type WindowStatus,
  windowStateAt,
} from './messagingWindow';
// Rate limiting and proactive fan-out
export {
  type AccountQueueStats,
  type AcquireManyResult,
  type AcquireRequest,
  type AcquireResult,
  type BudgetFigures,
  type BudgetState,
  DEFAULT_FAN_OUT_CONCURRENCY,
  DEFAULT_SAFETY_FACTOR,
  DEFAULT_SEND_LIMITS,
  decideAcquire,
  decideAcquireMany,
  type FanOutFailure,
  type FanOutOptions,
  type FanOutProgress,
  type FanOutResult,
  type FanOutSkip,
  fanOut,
  formatFanOutProgress,
  isRedisCommandStore,
  META_SEND_LIMITS,
  PRIVATE_REPLY_LIMITS,
  MemoryRateLimitBackend,
  type MemoryRateLimitBackendOptions,
  type PerChannel,
  type ProactiveAdapter,
  type ProgressBarOptions,
  type RateLimitBackend,
  RateLimiter,
  RateLimitMiddleware,
  type RateLimitOptions,
  type RedisCommand,
  type RedisCommandStore,
  RedisRateLimitBackend,
  type RedisRateLimitBackendOptions,
  type Send,
} from './rateLimit';
// The four policies with their defaults, as the adapters apply them
export { recommendedMiddleware } from './recommended';

/**
 * Rate limiting for the Send API: {@link RateLimitMiddleware} (botbuilder shell), {@link RateLimiter}
 * (framework-neutral core), limiter backends (memory, Redis) and the proactive {@link fanOut} helper.
 *
 * @module
 */
export type { AccountQueueStats, Send } from './accountQueue';
export {
  type AcquireManyResult,
  type AcquireRequest,
  type AcquireResult,
  type BudgetState,
  decideAcquire,
  decideAcquireMany,
  effectiveLimit,
  type RateLimitBackend,
} from './backend';
export {
  DEFAULT_FAN_OUT_CONCURRENCY,
  type FanOutFailure,
  type FanOutOptions,
  type FanOutProgress,
  type FanOutResult,
  type FanOutSkip,
  fanOut,
  formatFanOutProgress,
  type ProactiveAdapter,
  type ProgressBarOptions,
} from './fanOut';
export {
  type BudgetFigures,
  DEFAULT_SAFETY_FACTOR,
  DEFAULT_SEND_LIMITS,
  META_SEND_LIMITS,
  type PerChannel,
  resolveLimits,
} from './limits';
export { MemoryRateLimitBackend, type MemoryRateLimitBackendOptions } from './memoryBackend';
export {
  DEFAULT_BURST_TOLERANCE_MS,
  DEFAULT_JITTER,
  DEFAULT_MAX_QUEUE,
  DEFAULT_MAX_WAIT_MS,
  DEFAULT_RETRY_BASE_MS,
  DEFAULT_RETRY_MAX_MS,
  DEFAULT_SLOW_DOWN_AT_PERCENT,
  DEFAULT_USAGE_TTL_MS,
  DEFAULT_WINDOW_SLACK_MS,
  type RateLimitOptions,
} from './options';
export { PRIVATE_REPLY_LIMITS } from './privateReplyPace';
export { RateLimiter } from './rateLimiter';
export { RateLimitMiddleware } from './rateLimitMiddleware';
export {
  isRedisCommandStore,
  type RedisCommand,
  type RedisCommandStore,
  RedisRateLimitBackend,
  type RedisRateLimitBackendOptions,
} from './redisBackend';
export { isThrottlingError, slowDownFactor, throttlePauseMs } from './throttlePolicy';

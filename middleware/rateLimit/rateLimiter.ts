import { MessengerError } from '../../adapter/errors';
import type { SendInterceptor, SendOperation, SendResult } from '../../adapter/sendPipeline';
import { RedisStateStore } from '../../adapter/state/redisStateStore';
import { AccountQueue, type AccountQueueStats, type Send } from './accountQueue';
import type { RateLimitBackend } from './backend';
import { resolveLimits } from './limits';
import { MemoryRateLimitBackend } from './memoryBackend';
import { type RateLimitOptions, type ResolvedRateLimitOptions, resolveRateLimitOptions } from './options';
import { isPrivateReply, pacePrivateReply } from './privateReplyPace';
import { RedisRateLimitBackend } from './redisBackend';

/**
 * The framework-neutral core of {@link RateLimitMiddleware}: paces, orders and retries Send API calls
 * per Page / Instagram account. Use it directly with a `SendInterceptor` pipeline, or through the
 * middleware.
 *
 * - Per conversation, one message at a time, in order (also across retries).
 * - Per account, separate `text` and `media` budgets: never more than the limit in any 1 s window,
 *   spread evenly (GCRA plus a sliding-window cap, see `decideAcquire`).
 * - A throttling error from Meta pauses the account for the time its usage header gives (at least a
 *   jittered exponential backoff from `retryBaseMs`) and retries the message; usage headers above
 *   `slowDownAtPercent` slow the account down before Meta throttles.
 * - Private replies to Instagram comments also take a slot of the account's hourly budget (Meta's
 *   750 per hour; see `privateReplyPace`).
 * - Only throttling errors are retried (Meta refused those calls), so nothing is sent twice.
 *
 * @example
 * ```ts
 * const limiter = new RateLimiter({ perSecond: 100 });
 * const result = await runSendPipeline([limiter.interceptor], op, (current) => graph.sendMessage(current.accountId, current.body));
 * ```
 */
export class RateLimiter {
  /** Where budgets, pauses and slow-downs are kept (memory, or shared through Redis). */
  readonly backend: RateLimitBackend;
  private readonly options: ResolvedRateLimitOptions;
  private readonly queues = new Map<string, AccountQueue>();

  /**
   * The interceptor to register on each turn (`addSendInterceptor(context, limiter.interceptor)`).
   * Register it after other Messenger middleware, so that sends they hold back or refuse spend no budget.
   */
  readonly interceptor: SendInterceptor = (op, next) => this.send(op, next);

  /** @throws MessengerError `CONFIG_INVALID` for invalid options, or a Redis store that cannot share budgets. */
  constructor(options: RateLimitOptions = {}) {
    this.options = resolveRateLimitOptions(options);
    this.backend = options.backend ?? backendForStore(options.store, this.options);
  }

  /**
   * Sends `op` through `send` when its conversation's earlier messages are done and the account's
   * budget allows; resolves with what Graph answered.
   *
   * @throws MessengerError `QUEUE_FULL` (nothing sent), `RATE_LIMITED` (waited `maxWaitMs`, or throttled
   *   for longer), `STORE_UNAVAILABLE` (shared backend failed), or the send's own error.
   */
  send(op: SendOperation, send: Send): Promise<SendResult> {
    if (op.channelId === 'instagram' && isPrivateReply(op)) {
      return pacePrivateReply(op, this.backend, this.options).then(() => this.enqueue(op, send));
    }
    return this.enqueue(op, send);
  }

  private enqueue(op: SendOperation, send: Send): Promise<SendResult> {
    let queue = this.queues.get(op.accountId);
    if (!queue) {
      queue = new AccountQueue(
        op.accountId,
        resolveLimits(op.channelId, this.options.perSecond, this.options.mediaPerSecond),
        this.options,
        this.backend,
      );
      this.queues.set(op.accountId, queue);
    }
    return queue.enqueue(op, send);
  }

  /** A snapshot of every account with messages waiting or in flight. */
  stats(): AccountQueueStats[] {
    return [...this.queues.values()]
      .filter((queue) => !queue.idle || queue.stats().pausedForMs > 0)
      .map((q) => q.stats());
  }
}

/** The backend for a store: shared through its Redis when it offers it, else in this process. */
function backendForStore(store: unknown, options: ResolvedRateLimitOptions): RateLimitBackend {
  const shared = RedisRateLimitBackend.fromStore(store);
  if (shared) return shared;
  if (store instanceof RedisStateStore) {
    throw new MessengerError(
      'CONFIG_INVALID',
      'RateLimitMiddleware got a RedisStateStore that does not offer its connection (`redisCommand`), so budgets ' +
        'could not be shared across instances. Update the package, or pass ' +
        '`backend: new RedisRateLimitBackend({ client })` with an ioredis / node-redis client.',
    );
  }
  return new MemoryRateLimitBackend({ now: options.now });
}

import { addSendInterceptor } from '../../adapter/sendPipeline';
import type { MessengerTurnContext } from '../../adapter/turnContext';
import type { PolicyMiddleware } from '../../adapter/core/policyChain';
import { getMessengerTurnInfo, type TurnStateHolder } from '../../adapter/turnInfo';
import type { AccountQueueStats } from './accountQueue';
import { type RateLimitOptions, resolveRateLimitOptions } from './options';
import { RateLimiter } from './rateLimiter';
import { copyWith } from '../../adapter/copyWith';

/**
 * Paces every Send API call per Page / Instagram account within Meta's limits, keeps each
 * conversation's messages in order, and rides out throttling: a throttling error (Graph 4, 17, 32,
 * 613, 80001, 80002, 80006) pauses the account for the time Meta's usage header gives (at least a
 * jittered backoff from `retryBaseMs`) and sends the message again, so nothing is lost and nothing is
 * sent twice. `sendActivity` resolves when the message is really sent, or rejects with `QUEUE_FULL`,
 * `RATE_LIMITED` (after at most `maxWaitMs`) or the Graph error.
 *
 * Defaults pace at 80 % of Meta's documented limits: 240 text / 8 media sends per second per Page,
 * 80 / 8 per Instagram account. Budgets are per process unless the store shares them: with a
 * `RedisStateStore` (given here as `store`, or as the adapter's `store`) every instance draws from
 * one budget per account.
 *
 * Add it after the other Messenger middleware, so that messages they hold back or refuse spend no
 * budget. Without it, a throttling error reaches the caller as `RATE_LIMITED` with no retry.
 *
 * @example
 * ```ts
 * import { MessengerAdapter, MessagingWindowMiddleware, RateLimitMiddleware } from 'botbuilder-adapter-messenger';
 *
 * const adapter = new MessengerAdapter({ appSecret, verifyToken, accessToken });
 * adapter.use(new MessagingWindowMiddleware());
 * adapter.use(new RateLimitMiddleware({ maxWaitMs: 120_000 }));
 * ```
 */
export class RateLimitMiddleware implements PolicyMiddleware {
  /** Which of the package's policies this is: one runs per adapter, and it replaces the default one. */
  readonly policyKind = 'rateLimit' as const;
  private readonly options: RateLimitOptions;
  private limiter: RateLimiter | undefined;

  /** @throws MessengerError `CONFIG_INVALID` naming every invalid option. */
  constructor(options: RateLimitOptions = {}) {
    resolveRateLimitOptions(options);
    this.options = { ...options };
    if (options.backend !== undefined || options.store !== undefined)
      this.limiter = new RateLimiter(this.options);
  }

  /** Registers the limiter for every Graph send of this turn, then runs the rest of the turn. */
  async onTurn(context: MessengerTurnContext, next: () => Promise<void>): Promise<void> {
    addSendInterceptor(context, this.limiterFor(context).interceptor);
    await next();
  }

  /** Messages waiting or in flight per account in this instance, pauses and slow-downs, for monitoring. */
  stats(): AccountQueueStats[] {
    return this.limiter?.stats() ?? [];
  }

  /** The limiter; made on the first turn when no store was given, to share the adapter's store if it can. */
  private limiterFor(context: TurnStateHolder): RateLimiter {
    this.limiter ??= new RateLimiter(copyWith(this.options, { store: getMessengerTurnInfo(context)?.store }));
    return this.limiter;
  }
}

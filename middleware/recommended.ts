/**
 * The package's policies with their defaults, in one list: what `MessengerAdapter` and
 * `MessengerAgentsAdapter` apply unless `defaultMiddleware: false`.
 *
 * @module
 */
import type { PolicyMiddleware } from '../adapter/core/policyChain';
import { AttachmentMiddleware } from './attachments';
import { HandoverMiddleware } from './handover';
import { MessagingWindowMiddleware } from './messagingWindow';
import { RateLimitMiddleware } from './rateLimit';

/**
 * New instances of the four policy middleware with their defaults: handover, attachments, messaging
 * window, rate limit. The adapters apply them by default, and run whatever policies they have in
 * this order; call it yourself for a bare adapter (`defaultMiddleware: false`) that should still
 * comply, or to look at the defaults.
 *
 * @example
 * ```ts
 * const adapter = new MessengerAdapter({ appSecret, verifyToken, accessToken, defaultMiddleware: false });
 * adapter.use(...recommendedMiddleware(), new ShowTypingMiddleware());
 * ```
 */
export function recommendedMiddleware(): PolicyMiddleware[] {
  return [new HandoverMiddleware(), new AttachmentMiddleware(), new MessagingWindowMiddleware(), new RateLimitMiddleware()];
}

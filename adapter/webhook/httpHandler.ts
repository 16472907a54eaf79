/**
 * `messengerWebhook`: a plain `(req, res)` handler for node http, express, restify and the like, so no
 * web framework is loaded (or typed) by this package.
 *
 * @module
 */
import type { WebhookRequest, WebhookResponse } from './httpTypes';

/** What `messengerWebhook` needs of an adapter: `MessengerAdapter` and `MessengerAgentsAdapter` fit. */
export interface WebhookProcessor<TLogic> {
  /** Handles one webhook request. */
  process(req: WebhookRequest, res: WebhookResponse, logic: TLogic): Promise<void>;
}

/** A request handler: node's `http.createServer(handler)`, `app.use(path, handler)` in express. */
export type WebhookHandler = (req: WebhookRequest, res: WebhookResponse) => Promise<void>;

/**
 * The webhook endpoint as a request handler: GET answers Meta's verification, POST runs the events
 * (`adapter.process`); other methods get 405. It never rejects: `process` answers every problem.
 *
 * @example
 * ```ts
 * // node http
 * http.createServer(messengerWebhook(adapter, (context) => bot.run(context))).listen(3978);
 * // express: mount it on the webhook path (do not put express.json() in front of it)
 * app.use('/api/messages', messengerWebhook(adapter, (context) => bot.run(context)));
 * ```
 */
export function messengerWebhook<TLogic>(adapter: WebhookProcessor<TLogic>, logic: TLogic): WebhookHandler {
  return (req, res) => adapter.process(req, res, logic);
}

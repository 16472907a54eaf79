import { Router } from 'express';
import type { WebhookRequest, WebhookResponse } from './httpTypes';

/** Anything with `process(req, res, logic)`, i.e. a `MessengerAdapter`. */
export interface WebhookProcessor<TLogic> {
  process(req: WebhookRequest, res: WebhookResponse, logic: TLogic): Promise<void>;
}

/**
 * An express router that serves Meta's webhook on the path it is mounted at: GET for the
 * subscription check, POST for events, reading the raw body itself (so the signature can be checked).
 * Mount it before any global JSON body parser, or use `express.json({ verify })` to keep `req.rawBody`.
 *
 * @example
 * ```ts
 * const app = express();
 * app.use('/api/messages', messengerWebhook(adapter, (context) => bot.run(context)));
 * app.listen(3978);
 * ```
 */
export function messengerWebhook<TLogic>(adapter: WebhookProcessor<TLogic>, logic: TLogic): Router {
  const router = Router();
  const handle = (req: WebhookRequest, res: WebhookResponse): Promise<void> =>
    adapter.process(req, res, logic);
  router.get('/', (req, res) => handle(req, res));
  router.post('/', (req, res) => handle(req, res));
  return router;
}

/**
 * Meta's webhook: the request handler, the request / response shapes `process()` takes, and the
 * signature helpers.
 *
 * @module
 */
export { messengerWebhook, type WebhookHandler, type WebhookProcessor } from './httpHandler';
export type { WebhookRequest, WebhookResponse } from './httpTypes';
export { computeSignature, verifySignature } from './signature';

import type { MessengerError } from '../errors';
import type { WebhookResponse } from './httpTypes';

/** Writes a complete response (status, content type, body) with node's basic API (works for express and restify). */
export function respond(res: WebhookResponse, status: number, body: string, contentType: string): void {
  res.statusCode = status;
  res.setHeader('content-type', contentType);
  res.end(body);
}

/** Answers with `{ error: { code, message } }`: the stable code and a message that says what to fix. */
export function respondError(res: WebhookResponse, status: number, error: MessengerError): void {
  respond(
    res,
    status,
    JSON.stringify({ error: { code: error.code, message: error.message } }),
    'application/json; charset=utf-8',
  );
}

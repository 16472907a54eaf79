import { MessengerError } from '../errors';
import { parseEnvelope, type WebhookEventRef } from './envelope';
import type { WebhookRequest } from './httpTypes';
import { readRawBody } from './rawBody';
import { checkSignatures, type WebhookSigner } from './secrets';

/** What to answer a webhook POST with, and the events to run when it is a 200. */
export type ReceiveOutcome =
  | { status: 200; events: WebhookEventRef[]; signedBy: readonly WebhookSigner[] }
  | { status: 400 | 401 | 403 | 413 | 500; error: MessengerError };

/**
 * Verifies and parses a webhook POST: raw bytes (any framework), `X-Hub-Signature-256` (timing-safe;
 * the legacy SHA-1 header alone is rejected), JSON, and the envelope. Pure of side effects: nothing
 * runs and nothing is stored here.
 */
export async function receiveWebhook(
  req: WebhookRequest,
  options: { appSecret: string; instagramAppSecret?: string | undefined; maxBodyBytes: number },
): Promise<ReceiveOutcome> {
  const body = await readRawBody(req, options.maxBodyBytes);
  if (!body.ok) {
    const code = body.status === 500 ? 'CONFIG_INVALID' : 'WEBHOOK_INVALID';
    return { status: body.status, error: new MessengerError(code, body.message) };
  }
  const header = headerValue(req.headers['x-hub-signature-256']);
  const { check, signedBy } = checkSignatures(
    { app: options.appSecret, instagram: options.instagramAppSecret },
    body.raw,
    header,
  );
  if (check === 'missing') {
    const legacy = headerValue(req.headers['x-hub-signature']) !== undefined;
    return {
      status: 401,
      error: new MessengerError(
        'SIGNATURE_INVALID',
        legacy
          ? 'Only X-Hub-Signature-256 is accepted; this request carries the legacy SHA-1 X-Hub-Signature alone.'
          : 'The request has no X-Hub-Signature-256 header: it did not come from Meta.',
      ),
    };
  }
  if (check !== 'valid') {
    return {
      status: 403,
      error: new MessengerError(
        'SIGNATURE_INVALID',
        options.instagramAppSecret === undefined
          ? "X-Hub-Signature-256 does not match the body: check that appSecret is this app's secret and that nothing re-serialized the body."
          : "X-Hub-Signature-256 matches neither appSecret nor instagramLogin.appSecret: check both secrets and that nothing re-serialized the body.",
      ),
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(body.raw.toString('utf8'));
  } catch {
    return {
      status: 400,
      error: new MessengerError('WEBHOOK_INVALID', 'The webhook body is not valid JSON.'),
    };
  }
  const parsed = parseEnvelope(json);
  if (!parsed.ok) {
    return {
      status: 400,
      error: new MessengerError(
        'WEBHOOK_INVALID',
        `The body is not a Meta webhook envelope: ${parsed.error}`,
      ),
    };
  }
  return { status: 200, events: parsed.events, signedBy };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

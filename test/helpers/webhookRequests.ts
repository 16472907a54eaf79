import { createHmac } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type { WebhookRequest, WebhookResponse } from '../../adapter/webhook/httpTypes';

/** The app secret the test adapters use. */
export const TEST_APP_SECRET = 'test-app-secret-5f1c2e';
/** The verify token the test adapters use. */
export const TEST_VERIFY_TOKEN = 'test-verify-token';

/**
 * Serializes like Meta: compact JSON with every non-ASCII character escaped as \uXXXX (lowercase hex).
 */
export function metaJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** `sha256=<hex>` over `body` with `secret`. */
export function sign(body: string | Buffer, secret = TEST_APP_SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** A recorded response of {@link fakeResponse}. */
export interface RecordedResponse extends WebhookResponse {
  body: string;
  headers: Record<string, string>;
  ended: Promise<void>;
}

/** A minimal node-style response that records what the adapter wrote. */
export function fakeResponse(): RecordedResponse {
  let done!: () => void;
  const ended = new Promise<void>((resolve) => {
    done = resolve;
  });
  const res: RecordedResponse = {
    statusCode: 200,
    headersSent: false,
    body: '',
    headers: {},
    ended,
    setHeader(name: string, value: string | number) {
      res.headers[name.toLowerCase()] = String(value);
    },
    end(body?: string) {
      res.body = body ?? '';
      res.headersSent = true;
      done();
    },
  };
  return res;
}

/** A node-style request stream carrying `body`, with the given headers. */
export function fakeRequest(
  method: string,
  body: string | Buffer | undefined,
  headers: Record<string, string> = {},
  url = '/api/messages',
): WebhookRequest {
  const stream = new PassThrough();
  const req = Object.assign(stream, { method, url, headers: { ...headers } }) as unknown as WebhookRequest;
  setImmediate(() => {
    if (body !== undefined) stream.write(body);
    stream.end();
  });
  return req;
}

/** A signed webhook POST of `envelope` (serialized like Meta). */
export function signedPost(
  envelope: unknown,
  secret = TEST_APP_SECRET,
): { req: WebhookRequest; raw: string } {
  const raw = typeof envelope === 'string' ? envelope : metaJson(envelope);
  return {
    req: fakeRequest('POST', raw, {
      'content-type': 'application/json',
      'x-hub-signature-256': sign(raw, secret),
    }),
    raw,
  };
}

import { createHmac } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type { WebhookRequest } from '../../adapter/webhook/httpTypes';

/** A webhook POST of `body` signed with `secret` (`X-Hub-Signature-256`), for `adapter.process` without HTTP. */
export function signedRequest(body: string, secret: string): WebhookRequest {
  const stream = new PassThrough();
  const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  // PassThrough is the readable a node request is; the bench sets the fields process() reads.
  const req = Object.assign(stream, {
    method: 'POST',
    url: '/api/messages',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
  }) as unknown as WebhookRequest;
  stream.end(body);
  return req;
}

import type { WebhookRequest } from './httpTypes';

/** The result of {@link readRawBody}. */
export type RawBodyResult =
  | { ok: true; raw: Buffer }
  | { ok: false; status: 413 | 400 | 500; message: string };

/**
 * Gets the exact bytes of a webhook POST body, whichever way the web framework handled it:
 * `req.rawBody` (kept by `express.json({ verify })` or restify), a Buffer / string `req.body`
 * (`express.raw()`, `express.text()`), or the unread request stream. A body that was already parsed
 * into an object without its raw bytes cannot be verified: that is a setup error (500 with the fix),
 * never a silent accept.
 */
export async function readRawBody(req: WebhookRequest, maxBytes: number): Promise<RawBodyResult> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return tooLarge(maxBytes);

  const kept = asBytes(req.rawBody) ?? asBytes(req.body);
  if (kept) return kept.length > maxBytes ? tooLarge(maxBytes) : { ok: true, raw: kept };

  if (req.body !== undefined && req.body !== null && !isEmptyObject(req.body)) {
    return {
      ok: false,
      status: 500,
      message:
        'The webhook body was already parsed into an object, so its signature cannot be verified. ' +
        "Mount the webhook before any JSON body parser, use express.raw({ type: '*/*' }) on its route, " +
        'or keep the raw bytes with express.json({ verify: (req, _res, buf) => { req.rawBody = buf; } }).',
    };
  }
  // `complete` is no sign of a consumed body: node sets it as soon as the whole message has arrived,
  // while the body may still wait, unread, in the stream's buffer (a request held for backlog room).
  if (typeof req.on !== 'function' || req.readableEnded === true) {
    return {
      ok: false,
      status: 500,
      message:
        'The webhook body stream was already consumed and no raw body was kept. Mount the webhook before ' +
        'any body parser, or keep the raw bytes in req.rawBody.',
    };
  }
  return readStream(req, maxBytes);
}

function readStream(req: WebhookRequest, maxBytes: number): Promise<RawBodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: RawBodyResult) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const on = req.on as (event: string, listener: (...args: unknown[]) => void) => unknown;
    on.call(req, 'data', (chunk: unknown) => {
      if (settled) return;
      const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      size += bytes.length;
      if (size > maxBytes) {
        chunks.length = 0;
        settle(tooLarge(maxBytes));
        return;
      }
      chunks.push(bytes);
    });
    on.call(req, 'end', () => settle({ ok: true, raw: Buffer.concat(chunks, size) }));
    on.call(req, 'error', () =>
      settle({ ok: false, status: 400, message: 'The webhook request body could not be read.' }),
    );
    on.call(req, 'aborted', () =>
      settle({ ok: false, status: 400, message: 'The webhook request was aborted by the client.' }),
    );
  });
}

function asBytes(value: unknown): Buffer | undefined {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  return undefined;
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}

function tooLarge(maxBytes: number): RawBodyResult {
  return {
    ok: false,
    status: 413,
    message: `The webhook body is larger than ${maxBytes} bytes (option maxBodyBytes).`,
  };
}

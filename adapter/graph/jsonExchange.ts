/**
 * One JSON request/response exchange over node's `http` / `https` with a keep-alive agent: the
 * GraphClient's fast path for every call without a file. Graph calls are small JSON bodies, and a
 * general HTTP client's per-request work (config merging, header normalization, proxy lookup,
 * transforms, an AbortController) cost more CPU than the exchange itself; this does only what a
 * Graph call needs.
 *
 * - The deadline covers the whole exchange, from the request until the last byte of the answer.
 * - Redirects are not followed (Graph does not redirect API calls; the Bearer token stays put).
 * - No compression is asked for: Graph's answers to these calls are a few hundred bytes.
 * - The answer is parsed as JSON when it is JSON; otherwise its text is returned as it is (an HTML
 *   page from a proxy, an empty 502), for the error mapping to describe.
 *
 * @module
 */
import http from 'node:http';
import https from 'node:https';

/** A request as {@link exchangeJson} takes it. */
export interface JsonExchangeRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** `https:` or `http:` (tests and local stand-ins). */
  readonly protocol: string;
  readonly hostname: string;
  /** Empty for the protocol's default port. */
  readonly port: string;
  /** Path and query, already encoded. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON body, serialized. */
  readonly body: string | undefined;
  readonly agent: http.Agent;
  /** Deadline for the whole exchange. */
  readonly timeoutMs: number;
  /** Largest answer accepted, in bytes. */
  readonly maxResponseBytes: number;
}

/** The answer of an exchange, whatever its status. */
export interface JsonExchangeResponse {
  readonly status: number;
  /** Response headers, names in lower case. */
  readonly headers: http.IncomingHttpHeaders;
  /** The parsed JSON body; the body text when it is not JSON; `''` when there is none. */
  readonly data: unknown;
}

/** The exchange did not finish within `timeoutMs`. */
export class ExchangeTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';

  constructor(timeoutMs: number) {
    super(`no complete answer within ${timeoutMs} ms`);
    this.name = 'ExchangeTimeoutError';
  }
}

/** Error codes the exchange gives its own failures (node's errors keep theirs, e.g. `ECONNREFUSED`). */
export const EXCHANGE_ERROR_CODES = {
  tooLarge: 'ERR_RESPONSE_TOO_LARGE',
  truncated: 'ERR_RESPONSE_TRUNCATED',
} as const;

function codedError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/**
 * Makes one exchange. Rejects with node's error for connection failures, an
 * {@link ExchangeTimeoutError} past the deadline, or an error coded as in
 * {@link EXCHANGE_ERROR_CODES}; resolves with any HTTP status.
 */
export function exchangeJson(request: JsonExchangeRequest): Promise<JsonExchangeResponse> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const headers: Record<string, string | number> = { ...request.headers };
    // a string body goes out in one write with the headers (a Buffer would make it two)
    if (request.body !== undefined) headers['Content-Length'] = Buffer.byteLength(request.body, 'utf8');
    const options: http.RequestOptions = {
      method: request.method,
      hostname: request.hostname,
      path: request.path,
      headers,
      agent: request.agent,
      ...(request.port === '' ? {} : { port: request.port }),
    };
    const finish = (error: Error | undefined, response?: JsonExchangeResponse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error !== undefined) reject(error);
      else if (response !== undefined) resolve(response);
    };
    const onResponse = (res: http.IncomingMessage): void => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > request.maxResponseBytes) {
          const error = codedError(
            EXCHANGE_ERROR_CODES.tooLarge,
            `the answer exceeded ${request.maxResponseBytes} bytes`,
          );
          finish(error);
          // settled already: destroy without an error, so nothing is emitted that nobody handles
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => {
        const text = chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8');
        finish(undefined, { status: res.statusCode ?? 0, headers: res.headers, data: parseJson(text) });
      });
      res.on('error', (error) => finish(error));
      res.on('close', () => {
        if (!res.complete) {
          finish(codedError(EXCHANGE_ERROR_CODES.truncated, 'the connection closed before the whole answer arrived'));
        }
      });
    };
    const req = (request.protocol === 'http:' ? http : https).request(options, onResponse);
    const timer = setTimeout(() => {
      finish(new ExchangeTimeoutError(request.timeoutMs));
      req.destroy();
    }, request.timeoutMs);
    req.on('error', (error) => finish(error));
    if (request.body === undefined) req.end();
    else req.end(request.body, 'utf8');
  });
}

/** JSON when the text is JSON, else the text itself (as general HTTP clients do by default). */
function parseJson(text: string): unknown {
  if (text.length === 0) return '';
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

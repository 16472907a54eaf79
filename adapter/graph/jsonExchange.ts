/**
 * One JSON request/response exchange over node's `http` / `https` with a keep-alive agent: the
 * GraphClient's path for calls without a file when `httpClient` is `'node'`, or when node's client
 * is intercepted (nock, msw) and `httpClient` is `'auto'`; otherwise `UndiciExchange` (undiciExchange.ts) does the
 * same with less CPU. Graph calls are small JSON bodies, and a general HTTP client's per-request
 * work (config merging, header normalization, proxy lookup, transforms, an AbortController) cost
 * more CPU than the exchange itself; this does only what a Graph call needs.
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

/** Where a request keeps its exchange, so that the listeners below are shared, not made per call. */
const EXCHANGE: unique symbol = Symbol('jsonExchange');

/** A node request, or its response, carrying its {@link Exchange}. */
type Carrier<T> = T & { [EXCHANGE]?: Exchange };

/** The state of one exchange: its promise's settlers, the deadline, and the answer so far. */
class Exchange {
  settled = false;
  chunks: Buffer[] = [];
  size = 0;
  readonly timer: NodeJS.Timeout;

  constructor(
    readonly request: JsonExchangeRequest,
    readonly req: http.ClientRequest,
    readonly resolve: (response: JsonExchangeResponse) => void,
    readonly reject: (error: Error) => void,
  ) {
    this.timer = setTimeout(onDeadline, request.timeoutMs, this);
  }

  fail(error: Error): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    this.reject(error);
  }

  succeed(response: JsonExchangeResponse): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    this.resolve(response);
  }
}

function exchangeOf(carrier: http.ClientRequest | http.IncomingMessage): Exchange | undefined {
  return (carrier as Carrier<typeof carrier>)[EXCHANGE];
}

function onDeadline(exchange: Exchange): void {
  exchange.fail(new ExchangeTimeoutError(exchange.request.timeoutMs));
  exchange.req.destroy();
}

function onRequestError(this: http.ClientRequest, error: Error): void {
  exchangeOf(this)?.fail(error);
}

function onResponse(this: http.ClientRequest, res: Carrier<http.IncomingMessage>): void {
  res[EXCHANGE] = exchangeOf(this);
  res.on('data', onResponseData);
  res.on('end', onResponseEnd);
  res.on('error', onResponseError);
  res.on('close', onResponseClose);
}

function onResponseData(this: http.IncomingMessage, chunk: Buffer): void {
  const exchange = exchangeOf(this);
  if (exchange === undefined || exchange.settled) return;
  exchange.size += chunk.length;
  const max = exchange.request.maxResponseBytes;
  if (exchange.size > max) {
    exchange.fail(codedError(EXCHANGE_ERROR_CODES.tooLarge, `the answer exceeded ${max} bytes`));
    // settled already: destroy without an error, so nothing is emitted that nobody handles
    exchange.req.destroy();
    return;
  }
  exchange.chunks.push(chunk);
}

function onResponseEnd(this: http.IncomingMessage): void {
  const exchange = exchangeOf(this);
  if (exchange === undefined || exchange.settled) return;
  const { chunks } = exchange;
  const text = chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8');
  exchange.succeed({ status: this.statusCode ?? 0, headers: this.headers, data: parseJsonText(text) });
}

function onResponseError(this: http.IncomingMessage, error: Error): void {
  exchangeOf(this)?.fail(error);
}

function onResponseClose(this: http.IncomingMessage): void {
  if (!this.complete) {
    exchangeOf(this)?.fail(
      codedError(EXCHANGE_ERROR_CODES.truncated, 'the connection closed before the whole answer arrived'),
    );
  }
}

/**
 * Makes one exchange. Rejects with node's error for connection failures, an
 * {@link ExchangeTimeoutError} past the deadline, or an error coded as in
 * {@link EXCHANGE_ERROR_CODES}; resolves with any HTTP status.
 */
export function exchangeJson(request: JsonExchangeRequest): Promise<JsonExchangeResponse> {
  return new Promise((resolve, reject) => {
    const options: http.RequestOptions = {
      method: request.method,
      hostname: request.hostname,
      path: request.path,
      headers: request.headers,
      agent: request.agent,
    };
    if (request.port !== '') options.port = request.port;
    const req: Carrier<http.ClientRequest> = (request.protocol === 'http:' ? http : https).request(options, onResponse);
    req[EXCHANGE] = new Exchange(request, req, resolve, reject);
    req.on('error', onRequestError);
    if (request.body === undefined) {
      req.end();
      return;
    }
    // a string body goes out in one write with the headers (a Buffer would make it two)
    req.setHeader('Content-Length', Buffer.byteLength(request.body, 'utf8'));
    req.end(request.body, 'utf8');
  });
}

/** JSON when the text is JSON, else the text itself (as general HTTP clients do by default); `''` for none. */
export function parseJsonText(text: string): unknown {
  if (text.length === 0) return '';
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

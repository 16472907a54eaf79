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
import { type JsonExchangeResponse, PendingAnswer, truncatedAnswerError } from './exchangeAnswer';

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

/** Where a request keeps its exchange, so that the listeners below are shared, not made per call. */
const EXCHANGE: unique symbol = Symbol('jsonExchange');

/** A node request, or its response, carrying its {@link Exchange}. */
type Carrier<T> = T & { [EXCHANGE]?: Exchange };

/** One call over node's client: the shared {@link PendingAnswer}, and the request to stop. */
class Exchange extends PendingAnswer {
  constructor(
    request: JsonExchangeRequest,
    readonly req: http.ClientRequest,
    resolve: (response: JsonExchangeResponse) => void,
    reject: (error: Error) => void,
  ) {
    super(request.timeoutMs, request.maxResponseBytes, resolve, reject);
  }

  protected cancel(): void {
    // settled already: destroy without an error, so nothing is emitted that nobody handles
    this.req.destroy();
  }
}

function exchangeOf(carrier: http.ClientRequest | http.IncomingMessage): Exchange | undefined {
  return (carrier as Carrier<typeof carrier>)[EXCHANGE];
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
  exchangeOf(this)?.addChunk(chunk);
}

function onResponseEnd(this: http.IncomingMessage): void {
  exchangeOf(this)?.finish(this.statusCode ?? 0, this.headers);
}

function onResponseError(this: http.IncomingMessage, error: Error): void {
  exchangeOf(this)?.fail(error);
}

function onResponseClose(this: http.IncomingMessage): void {
  if (!this.complete) exchangeOf(this)?.fail(truncatedAnswerError());
}

/**
 * Makes one exchange. Rejects with node's error for connection failures, an
 * `ExchangeTimeoutError` past the deadline, or an error coded as in `EXCHANGE_ERROR_CODES`
 * (both in exchangeAnswer.ts); resolves with any HTTP status.
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

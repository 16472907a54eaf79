/**
 * JSON exchanges over undici: the GraphClient's default path for every call without a file.
 *
 * A Graph send is a few hundred bytes each way, so the HTTP client's own work is most of its cost.
 * undici (the Node.js project's HTTP/1.1 client, also behind node's `fetch`) parses with llhttp
 * and keeps no stream objects per request: through its `dispatch` API a call costs about 30 %
 * less client CPU than node's `https.request` with a keep-alive agent (measured over loopback TLS;
 * `bench/webhook.bench.ts` shows the whole turn with either client).
 *
 * The contract is `exchangeJson`'s (jsonExchange.ts), so that the transport can use either:
 * - the deadline covers the whole exchange, from the request until the last byte of the answer;
 * - redirects are not followed, and no compression is asked for;
 * - the answer is parsed as JSON when it is JSON, else its text is returned as it is;
 * - an answer over `maxResponseBytes`, or one cut short, rejects with a code of
 *   `EXCHANGE_ERROR_CODES`; a refused connection keeps node's code (`ECONNREFUSED`).
 *
 * @module
 */
import type { IncomingHttpHeaders } from 'node:http';
import { type Dispatcher, Pool } from 'undici';
import {
  ExchangeTimeoutError,
  type JsonExchangeResponse,
  PendingAnswer,
  truncatedAnswerError,
} from './exchangeAnswer';

/** A request as {@link UndiciExchange.exchange} takes it: the origin is the exchange's. */
export interface UndiciExchangeRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Path and query, already encoded. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON body, serialized. */
  readonly body: string | undefined;
  /** Deadline for the whole exchange. */
  readonly timeoutMs: number;
  /** Largest answer accepted, in bytes. */
  readonly maxResponseBytes: number;
}

/** One call over undici: the shared {@link PendingAnswer}, fed by undici's callbacks. */
class ExchangeHandler extends PendingAnswer implements Dispatcher.DispatchHandler {
  #controller: Dispatcher.DispatchController | undefined;
  #status = 0;
  #headers: IncomingHttpHeaders = {};
  #started = false;

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    // the deadline passed while the request waited for a connection: it never leaves
    if (this.settled) controller.abort(new ExchangeTimeoutError(this.timeoutMs));
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    this.#started = true;
    this.#status = statusCode;
    this.#headers = headers;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.addChunk(chunk);
  }

  onResponseEnd(): void {
    this.finish(this.#status, this.#headers);
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    // once the answer has begun, a failure means it was cut short
    this.fail(this.#started ? truncatedAnswerError() : error);
  }

  protected cancel(error: Error): void {
    this.#controller?.abort(error);
  }
}

/** Exchanges with one origin (the Graph URL's) over a pool of keep-alive connections. */
export class UndiciExchange {
  readonly #origin: string;
  readonly #pool: Pool;

  /**
   * @param origin - `https://host[:port]` (or `http:` for tests and local stand-ins).
   * @param idleSocketTimeoutMs - how long an idle connection is kept for the next call.
   */
  constructor(origin: string, idleSocketTimeoutMs: number) {
    this.#origin = origin;
    this.#pool = new Pool(origin, { keepAliveTimeout: idleSocketTimeoutMs, keepAliveMaxTimeout: idleSocketTimeoutMs });
  }

  /**
   * Makes one exchange. Rejects with undici's or node's error for connection failures, an
   * {@link ExchangeTimeoutError} past the deadline, or an error coded as in
   * `EXCHANGE_ERROR_CODES`; resolves with any HTTP status.
   */
  exchange(request: UndiciExchangeRequest): Promise<JsonExchangeResponse> {
    return new Promise((resolve, reject) => {
      const handler = new ExchangeHandler(request.timeoutMs, request.maxResponseBytes, resolve, reject);
      try {
        this.#pool.dispatch(
          { origin: this.#origin, method: request.method, path: request.path, headers: request.headers, body: request.body ?? null },
          handler,
        );
      } catch (error) {
        // a request undici refuses outright (e.g. an invalid header) never left
        handler.fail(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  /** Closes every connection at once; calls still under way fail. Settles when all are closed. */
  close(): Promise<void> {
    return this.#pool.destroyed ? Promise.resolve() : this.#pool.destroy();
  }
}

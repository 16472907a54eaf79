/**
 * The GraphClient's path through axios: multipart uploads (axios encodes `FormData`), and every
 * call when the environment sets a proxy for the Graph URL (axios honours `HTTPS_PROXY` and
 * `NO_PROXY`). JSON calls otherwise take the leaner {@link exchangeJson}.
 *
 * @module
 */
import type http from 'node:http';
import type https from 'node:https';
import axios, { type AxiosInstance } from 'axios';
import { getProxyForUrl } from 'proxy-from-env';
import { ExchangeTimeoutError, type JsonExchangeResponse } from './exchangeAnswer';

/** A request as {@link AxiosExchange.exchange} takes it. */
export interface AxiosExchangeRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Path under `graphApiUrl`, without the query. */
  readonly url: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  /** A `FormData` or a value to send as JSON. */
  readonly data: unknown;
  /** Deadline for the whole exchange. */
  readonly timeoutMs: number;
}

/** True when the environment sets a proxy for `graphApiUrl` (axios's own rule). */
export function proxiedByEnvironment(graphApiUrl: string): boolean {
  return getProxyForUrl(graphApiUrl) !== '';
}

/** One axios instance configured as the Graph API wants it, on the client's keep-alive agents. */
export class AxiosExchange {
  readonly #http: AxiosInstance;

  constructor(options: {
    baseURL: string;
    httpAgent: http.Agent;
    httpsAgent: https.Agent;
    headers: Readonly<Record<string, string>>;
    maxResponseBytes: number;
  }) {
    this.#http = axios.create({
      baseURL: options.baseURL,
      httpAgent: options.httpAgent,
      httpsAgent: options.httpsAgent,
      // every status is handled by the caller, with the Graph error envelope
      validateStatus: () => true,
      // Graph does not redirect API calls; never forward the Bearer token elsewhere
      maxRedirects: 0,
      maxBodyLength: 100 * 1024 * 1024,
      maxContentLength: options.maxResponseBytes,
      headers: { ...options.headers },
    });
  }

  /**
   * Makes one exchange. Rejects with axios's error for transport failures, or an
   * {@link ExchangeTimeoutError} past the deadline; resolves with any HTTP status.
   */
  async exchange(request: AxiosExchangeRequest): Promise<JsonExchangeResponse> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, request.timeoutMs);
    try {
      const response = await this.#http.request<unknown>({
        method: request.method,
        url: request.url,
        params: request.query,
        data: request.data,
        headers: request.headers,
        signal: controller.signal,
      });
      return { status: response.status, headers: response.headers as http.IncomingHttpHeaders, data: response.data };
    } catch (error) {
      throw timedOut ? new ExchangeTimeoutError(request.timeoutMs) : error;
    } finally {
      clearTimeout(timer);
    }
  }
}

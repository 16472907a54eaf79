/**
 * The HTTP layer of the Graph client: keep-alive agents, the Bearer token and `appsecret_proof` on
 * every call, a per-request deadline, zod validation of every answer, error mapping, and bounded
 * retries of transient failures.
 *
 * JSON calls go straight through undici ({@link UndiciExchange}), or through node's `https`
 * ({@link exchangeJson}) when `httpClient` says so or, with `'auto'`, when an interceptor such as
 * nock holds node's client (so that test mocks see every call). Multipart uploads, and every call
 * when the environment sets a proxy for the Graph URL (`HTTPS_PROXY`, `NO_PROXY`, ...), go through
 * axios ({@link AxiosExchange}), which encodes forms and speaks to proxies.
 *
 * @module
 */
import http from 'node:http';
import https from 'node:https';
import type { z } from 'zod';
import { type GraphUsage, MessengerError } from '../errors';
import { AxiosExchange, proxiedByEnvironment } from './axiosExchange';
import { toGraphApiError } from './graphErrors';
import { nodeHttpIntercepted } from './httpInterception';
import { ExchangeTimeoutError, type JsonExchangeResponse } from './exchangeAnswer';
import { exchangeJson } from './jsonExchange';
import { toNetworkError } from './networkErrors';
import type { ResolvedGraphClientOptions } from './options';
import { backoffDelay, isRetryable, sleep } from './retry';
import { contentsOf } from './scrubContents';
import { graphErrorEnvelopeSchema, jsonObjectSchema } from './schemas';
import { AccessTokens, AppSecretProofs } from './tokens';
import { UndiciExchange } from './undiciExchange';
import { parseUsageHeaders } from './usageHeaders';
import { copyWith } from '../copyWith';

/** A successful Graph answer. */
export interface GraphResponse<T> {
  /** HTTP status (2xx). */
  status: number;
  /** The body, validated. */
  data: T;
  /** Usage headers of the answer, when present. */
  usage: GraphUsage | undefined;
}

/** One Graph call, as the transport takes it. */
export interface GraphCall<T> {
  accountId: string;
  method: 'GET' | 'POST' | 'DELETE';
  /** Path under the version, e.g. `/me/messages`; a path that starts with a version (`/v24.0/...`) is kept. */
  path: string;
  query?: Readonly<Record<string, string>> | undefined;
  /** JSON body. */
  body?: unknown;
  /** Multipart body (takes precedence over `body`). */
  form?: FormData | undefined;
  /** Safe to repeat after an ambiguous failure (default: true for GET and DELETE, false for POST). */
  idempotent?: boolean | undefined;
  /** Validates the 2xx body; default: any JSON object. */
  schema?: z.ZodType<T> | undefined;
  /** Retries of transient failures for this call (default: the client's `maxRetries`). */
  maxRetries?: number | undefined;
}

const VERSIONED_PATH = /^\/v\d+\.\d+\//;
const SAFE_PATH = /^\/[A-Za-z0-9_.\-/]*$/;
/** A `..` segment anywhere in a path. */
const PARENT_SEGMENT = /(^|\/)\.\.(\/|$)/;
const RESERVED_QUERY = ['access_token', 'appsecret_proof'];
/** Idle keep-alive sockets are closed after this long, before Graph drops them on its side. */
const IDLE_SOCKET_TIMEOUT_MS = 30_000;
/** Largest answer accepted from Graph. */
const MAX_RESPONSE_BYTES = 20 * 1024 * 1024;
const DEFAULT_HEADERS = { Accept: 'application/json', 'User-Agent': 'botbuilder-adapter-messenger' } as const;

/** Where JSON calls go when they bypass axios: the parts of `graphApiUrl`. */
interface DirectTarget {
  readonly protocol: string;
  readonly hostname: string;
  readonly port: string;
  /** Path prefix of `graphApiUrl` without a trailing slash (usually empty). */
  readonly prefix: string;
  readonly agent: http.Agent;
  /** `protocol//host[:port]`, for undici. */
  readonly origin: string;
}

/** Executes Graph calls for the {@link GraphClient}. */
export class GraphTransport {
  readonly #options: ResolvedGraphClientOptions;
  readonly #axios: AxiosExchange;
  readonly #httpAgent: http.Agent;
  readonly #httpsAgent: https.Agent;
  readonly #tokens: AccessTokens;
  readonly #proofs: AppSecretProofs;
  /** `undefined` when a proxy applies: then every call goes through axios. */
  readonly #direct: DirectTarget | undefined;
  /** Made at the first call that takes it. */
  #undici: UndiciExchange | undefined;
  #closed = false;

  constructor(options: ResolvedGraphClientOptions) {
    this.#options = options;
    this.#httpAgent = new http.Agent({ keepAlive: true, timeout: IDLE_SOCKET_TIMEOUT_MS });
    this.#httpsAgent = new https.Agent({ keepAlive: true, timeout: IDLE_SOCKET_TIMEOUT_MS });
    this.#axios = new AxiosExchange({
      baseURL: options.graphApiUrl,
      httpAgent: this.#httpAgent,
      httpsAgent: this.#httpsAgent,
      headers: DEFAULT_HEADERS,
      maxResponseBytes: MAX_RESPONSE_BYTES,
    });
    this.#direct = this.#directTarget(options.graphApiUrl);
    this.#tokens = new AccessTokens({
      accessToken: options.accessToken,
      getAccessToken: options.getAccessToken,
      ttlMs: options.tokenCacheTtlMs,
    });
    this.#proofs = new AppSecretProofs(options.appSecret);
  }

  /**
   * Makes `call`, retrying transient failures up to `maxRetries` times, and once more with a fresh
   * token when Graph refuses a token that `getAccessToken` has since replaced.
   */
  async request<T>(call: GraphCall<T>): Promise<GraphResponse<T>> {
    this.#check(call);
    const idempotent = call.idempotent ?? call.method !== 'POST';
    let retries = 0;
    let refreshedToken = false;
    for (;;) {
      // a known token is used at once: one await less on every call
      const token = this.#tokens.peek(call.accountId) ?? (await this.#tokens.get(call.accountId));
      try {
        return await this.#attempt(call, token);
      } catch (error) {
        if (MessengerError.is(error, 'AUTH_FAILED') && this.#tokens.refreshable) {
          this.#tokens.invalidate(call.accountId, token);
          if (!refreshedToken) {
            refreshedToken = true;
            const fresh = await this.#tokens.get(call.accountId);
            if (fresh !== token) continue;
            // still the refused token: do not keep it, the next call asks getAccessToken again
            this.#tokens.invalidate(call.accountId, fresh);
          }
          throw error;
        }
        if (
          retries < (call.maxRetries ?? this.#options.maxRetries) &&
          isRetryable(error, idempotent, this.#options.retryAmbiguousSends) &&
          error instanceof MessengerError
        ) {
          retries += 1;
          const delayMs = backoffDelay(retries, this.#options.retryBaseMs, this.#options.retryMaxMs);
          this.#notifyRetry(call, retries, delayMs, error);
          await sleep(delayMs);
          if (this.#closed) throw this.#closedError();
          continue;
        }
        throw error;
      }
    }
  }

  /** Destroys the keep-alive agents; later calls fail with `CONFIG_INVALID`. */
  close(): void {
    this.#closed = true;
    this.#httpAgent.destroy();
    this.#httpsAgent.destroy();
    this.#undici?.close().catch((error: unknown) => {
      // nothing is lost (no call is left to make), but say so rather than hide it
      process.emitWarning(`Closing the Graph client's connections failed: ${String(error)}`, 'MessengerWarning');
    });
  }

  #check(call: GraphCall<unknown>): void {
    if (this.#closed) throw this.#closedError();
    if (typeof call.accountId !== 'string' || call.accountId.length === 0) {
      throw new MessengerError(
        'CONFIG_INVALID',
        `Call to '${call.method} ${call.path}' needs the Page or Instagram account id.`,
      );
    }
    if (!SAFE_PATH.test(call.path) || PARENT_SEGMENT.test(call.path)) {
      throw new MessengerError(
        'CONFIG_INVALID',
        `Invalid Graph path '${call.path}': give a path such as '/me/messages' (letters, digits, '_', '-', '.', '/'; no query string).`,
      );
    }
    if (call.query === undefined) return;
    const reserved = Object.keys(call.query).filter((key) => RESERVED_QUERY.includes(key));
    if (reserved.length > 0) {
      throw new MessengerError(
        'CONFIG_INVALID',
        `Do not pass ${reserved.join(', ')} in the query of '${call.method} ${call.path}': the client sends the token in the Authorization header and adds appsecret_proof itself.`,
      );
    }
  }

  #directTarget(graphApiUrl: string): DirectTarget | undefined {
    if (proxiedByEnvironment(graphApiUrl)) return undefined;
    const url = new URL(graphApiUrl);
    return {
      protocol: url.protocol,
      // node wants an IPv6 literal without its brackets
      hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: url.port,
      prefix: url.pathname.replace(/\/+$/, ''),
      agent: url.protocol === 'http:' ? this.#httpAgent : this.#httpsAgent,
      origin: url.origin,
    };
  }

  #closedError(): MessengerError {
    return new MessengerError(
      'CONFIG_INVALID',
      'This GraphClient was closed; create a new one to call Graph again.',
    );
  }

  #notifyRetry(call: GraphCall<unknown>, attempt: number, delayMs: number, error: MessengerError): void {
    const onRetry = this.#options.onRetry;
    if (onRetry === undefined) return;
    try {
      onRetry({ accountId: call.accountId, method: call.method, path: call.path, attempt, delayMs, error });
    } catch {
      // a failing observer must not change the outcome of the call
    }
  }

  async #attempt<T>(call: GraphCall<T>, token: string): Promise<GraphResponse<T>> {
    const proof = this.#proofs.get(token);
    const url = VERSIONED_PATH.test(call.path) ? call.path : `/${this.#options.graphApiVersion}${call.path}`;
    let response: JsonExchangeResponse;
    try {
      response =
        call.form === undefined && this.#direct !== undefined
          ? await this.#viaExchange(this.#direct, call, url, token, proof)
          : await this.#axios.exchange({
              method: call.method,
              url,
              query: this.#options.appSecretProof ? copyWith(call.query ?? {}, { appsecret_proof: proof }) : { ...call.query },
              headers: this.#headers(call, token),
              data: call.form ?? call.body,
              timeoutMs: this.#options.timeoutMs,
            });
    } catch (error) {
      throw toNetworkError(error, {
        method: call.method,
        path: call.path,
        accountId: call.accountId,
        timedOut: error instanceof ExchangeTimeoutError,
        timeoutMs: this.#options.timeoutMs,
        redact: this.#redactions(token, proof),
      });
    }
    const usage = parseUsageHeaders(response.headers);
    const isError =
      response.status < 200 ||
      response.status >= 300 ||
      (hasErrorKey(response.data) && graphErrorEnvelopeSchema.safeParse(response.data).success);
    if (isError) {
      throw toGraphApiError(response.data, {
        method: call.method,
        path: call.path,
        httpStatus: response.status,
        usage,
        accountId: call.accountId,
        requestTag: requestTagOf(call.body),
        redact: this.#redactions(token, proof),
        contents: contentsOf(call.body),
      });
    }
    const schema = call.schema ?? (jsonObjectSchema as unknown as z.ZodType<T>);
    const parsed = schema.safeParse(response.data);
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(body)'))];
      throw new MessengerError(
        'GRAPH_ERROR',
        `Call to '${call.method} ${call.path}' returned HTTP ${response.status} with an unexpected body (${fields.join(', ')}). The call may have succeeded; check graphApiUrl and graphApiVersion.`,
        {
          details: {
            method: call.method,
            path: call.path,
            accountId: call.accountId,
            httpStatus: response.status,
            fields,
          },
        },
      );
    }
    return { status: response.status, data: parsed.data, usage };
  }

  /** Strings no error may show: the token, the app secret and the proof. */
  #redactions(token: string, proof: string): string[] {
    return [token, this.#options.appSecret, proof];
  }

  /** The call's own headers: the Bearer token, and the content type of a JSON body. */
  #headers(call: GraphCall<unknown>, token: string): Record<string, string> {
    const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
    if (call.form === undefined && call.body !== undefined) headers['Content-Type'] = 'application/json';
    return headers;
  }

  /**
   * JSON calls: one {@link exchangeJson}, whose deadline covers the whole exchange. The headers are
   * built in one object, and the query without `URLSearchParams` when it is only the proof (a hex
   * digest, nothing to escape).
   */
  #viaExchange(
    target: DirectTarget,
    call: GraphCall<unknown>,
    url: string,
    token: string,
    proof: string,
  ): Promise<JsonExchangeResponse> {
    const hasBody = call.body !== undefined;
    const headers: Record<string, string> = {
      Accept: DEFAULT_HEADERS.Accept,
      'User-Agent': DEFAULT_HEADERS['User-Agent'],
      Authorization: `Bearer ${token}`,
    };
    if (hasBody) headers['Content-Type'] = 'application/json';
    let query = call.query === undefined ? '' : new URLSearchParams(call.query).toString();
    if (this.#options.appSecretProof) query = query === '' ? `appsecret_proof=${proof}` : `${query}&appsecret_proof=${proof}`;
    const path = withQuery(`${target.prefix}${url}`, query);
    const body = hasBody ? JSON.stringify(call.body) : undefined;
    const timeoutMs = this.#options.timeoutMs;
    if (this.#viaUndici(target)) {
      this.#undici ??= new UndiciExchange(target.origin, IDLE_SOCKET_TIMEOUT_MS);
      return this.#undici.exchange({ method: call.method, path, headers, body, timeoutMs, maxResponseBytes: MAX_RESPONSE_BYTES });
    }
    return exchangeJson({
      method: call.method,
      protocol: target.protocol,
      hostname: target.hostname,
      port: target.port,
      path,
      headers,
      body,
      agent: target.agent,
      timeoutMs,
      maxResponseBytes: MAX_RESPONSE_BYTES,
    });
  }

  /** undici unless `httpClient` is `'node'`, or `'auto'` while an interceptor holds node's client. */
  #viaUndici(target: DirectTarget): boolean {
    const choice = this.#options.httpClient;
    return choice === 'undici' || (choice === 'auto' && !nodeHttpIntercepted(target.protocol));
  }
}

function withQuery(path: string, query: string): string {
  return query === '' ? path : `${path}?${query}`;
}

function requestTagOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const tag = (body as Record<string, unknown>).tag;
  return typeof tag === 'string' ? tag : undefined;
}

/** Cheap pre-check: only a body with its own `error` key can be a Graph error envelope. */
function hasErrorKey(data: unknown): boolean {
  return typeof data === 'object' && data !== null && Object.hasOwn(data, 'error');
}

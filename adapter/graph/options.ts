/**
 * Options of the {@link GraphClient}, their defaults and their validation.
 *
 * @module
 */
import { z } from 'zod';
import { MessengerError } from '../errors';
import { type InstagramLoginOptions, instagramLoginSchema } from '../instagramLogin/options';
import type { StateStore } from '../state/stateStore';
import { DEFAULT_GRAPH_API_URL, DEFAULT_GRAPH_API_VERSION } from '../platform';

/** Per-request timeout used unless `timeoutMs` is given. */
export const DEFAULT_GRAPH_TIMEOUT_MS = 10_000;
/** Retries of a transient failure unless `maxRetries` is given. */
export const DEFAULT_GRAPH_MAX_RETRIES = 2;
/** First backoff before a retry unless `retryBaseMs` is given. */
export const DEFAULT_GRAPH_RETRY_BASE_MS = 500;
/** Longest backoff before a retry unless `retryMaxMs` is given. */
export const DEFAULT_GRAPH_RETRY_MAX_MS = 30_000;
/** How long a token returned by `getAccessToken` is reused unless `tokenCacheTtlMs` is given. */
export const DEFAULT_TOKEN_CACHE_TTL_MS = 15 * 60_000;

/** The HTTP clients the Graph client can make its JSON calls with; see {@link GraphClientOptions.httpClient}. */
export type GraphHttpClient = 'auto' | 'undici' | 'node';

/** What a retry is about to do; passed to {@link GraphClientOptions.onRetry}. */
export interface GraphRetryInfo {
  /** Page id or Instagram account id of the call. */
  readonly accountId: string;
  /** HTTP method of the call. */
  readonly method: string;
  /** Path of the call without version or query, e.g. `/me/messages`. */
  readonly path: string;
  /** 1 for the first retry, 2 for the second, ... */
  readonly attempt: number;
  /** How long the client waits before the retry. */
  readonly delayMs: number;
  /** The transient failure being retried (sanitized: no token, secret or message text). */
  readonly error: MessengerError;
}

/**
 * Options of the {@link GraphClient}.
 *
 * @example
 * ```ts
 * const graph = new GraphClient({ appSecret: process.env.APP_SECRET!, accessToken: process.env.PAGE_TOKEN! });
 * // many Pages / Instagram accounts:
 * const multi = new GraphClient({ appSecret, getAccessToken: (pageId) => tokens.lookup(pageId) });
 * ```
 */
export interface GraphClientOptions {
  /** The app secret: signs `appsecret_proof` on every call. Never sent, never logged. */
  appSecret: string;
  /** The Page access token of one Page (and of its linked Instagram account). */
  accessToken?: string;
  /**
   * The Page access token for a Page id / Instagram account id, for apps serving many accounts.
   * Results are cached for `tokenCacheTtlMs` and dropped when Graph answers 190 (invalid token).
   */
  getAccessToken?: (accountId: string) => string | Promise<string>;
  /** Graph base URL; default {@link DEFAULT_GRAPH_API_URL}. Tests point it at a loopback server. */
  graphApiUrl?: string;
  /** Graph version such as `v27.0`; default {@link DEFAULT_GRAPH_API_VERSION}. */
  graphApiVersion?: string;
  /** Timeout of each HTTP request in ms; default 10,000. */
  timeoutMs?: number;
  /** Retries of transient failures (connection errors, 5xx, Graph codes 1 and 2); default 2. */
  maxRetries?: number;
  /**
   * Retry a send after an ambiguous failure (Graph code 1 or 2, `is_transient`, a bare 503), although
   * Meta may already have delivered it and the person then gets two copies. Default `false`: such a
   * send fails with `details.maybeSent: true` (look for its echo before resending). Reads and other
   * idempotent calls are retried either way.
   */
  retryAmbiguousSends?: boolean;
  /**
   * Which HTTP client makes the JSON calls (multipart uploads, and every call behind a proxy set in
   * the environment, go through axios either way):
   * - `'auto'` (default): undici, which costs about 30 % less CPU per call; but node's `https`
   *   while an interceptor holds it (nock, msw, a test double of `https.request`), so that test
   *   mocks and `nock.disableNetConnect()` see every Graph call;
   * - `'undici'`: always undici;
   * - `'node'`: always node's `https`, with a keep-alive agent.
   */
  httpClient?: GraphHttpClient;
  /** First backoff in ms, doubled per retry with full jitter; default 500. */
  retryBaseMs?: number;
  /** Cap of the backoff in ms; default 30,000. */
  retryMaxMs?: number;
  /** How long a token from `getAccessToken` is reused, in ms; default 15 minutes. */
  tokenCacheTtlMs?: number;
  /** Called before each retry (for logging or metrics); must not throw. */
  onRetry?: (info: GraphRetryInfo) => void;
  /**
   * Instagram-Login accounts: their calls go to `instagramLogin.graphApiUrl` (default
   * graph.instagram.com) with their Instagram user token. With only this (no `accessToken` /
   * `getAccessToken`), every account uses Instagram Login.
   */
  instagramLogin?: InstagramLoginOptions;
  /** Where Instagram-Login accounts learnt from webhooks are shared with other instances. */
  store?: StateStore;
}

/** {@link GraphClientOptions} with every default applied. */
export interface ResolvedGraphClientOptions {
  readonly appSecret: string;
  readonly accessToken: string | undefined;
  readonly getAccessToken: ((accountId: string) => string | Promise<string>) | undefined;
  readonly graphApiUrl: string;
  readonly graphApiVersion: string;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly retryAmbiguousSends: boolean;
  readonly httpClient: GraphHttpClient;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  readonly tokenCacheTtlMs: number;
  readonly onRetry: ((info: GraphRetryInfo) => void) | undefined;
  /** Whether `appsecret_proof` goes with each call (always on graph.facebook.com). */
  readonly appSecretProof: boolean;
  readonly instagramLogin: InstagramLoginOptions | undefined;
  readonly store: StateStore | undefined;
}

const functionSchema = <T>(name: string) =>
  z.custom<T>((value) => typeof value === 'function', { message: `${name} must be a function` });

const optionsSchema = z
  .object({
    appSecret: z.string().min(1, 'appSecret is required (App Dashboard > App settings > Basic > App secret)'),
    accessToken: z.string().min(1, 'accessToken must not be empty').optional(),
    getAccessToken:
      functionSchema<(accountId: string) => string | Promise<string>>('getAccessToken').optional(),
    graphApiUrl: z
      .string()
      .regex(
        /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/,
        'graphApiUrl must be an http(s) URL without query, e.g. https://graph.facebook.com',
      )
      .optional(),
    graphApiVersion: z
      .string()
      .regex(/^v\d+\.\d+$/, "graphApiVersion must look like 'v27.0'")
      .optional(),
    timeoutMs: z.number().int().positive().max(600_000).optional(),
    maxRetries: z.number().int().min(0).max(10).optional(),
    retryAmbiguousSends: z.boolean().optional(),
    httpClient: z
      .enum(['auto', 'undici', 'node'], { message: "httpClient must be 'auto', 'undici' or 'node'" })
      .optional(),
    retryBaseMs: z.number().int().min(0).max(600_000).optional(),
    retryMaxMs: z.number().int().min(0).max(3_600_000).optional(),
    tokenCacheTtlMs: z.number().int().min(0).optional(),
    onRetry: functionSchema<(info: GraphRetryInfo) => void>('onRetry').optional(),
    instagramLogin: instagramLoginSchema.optional(),
    store: z.custom<StateStore>((value) => typeof value === 'object' && value !== null).optional(),
  })
  .refine(
    (o) => o.accessToken !== undefined || o.getAccessToken !== undefined || o.instagramLogin !== undefined,
    {
      message:
        'give accessToken (one Page) or getAccessToken (many Pages / Instagram accounts), or instagramLogin (Instagram Login)',
    },
  )
  .refine((o) => !(o.accessToken !== undefined && o.getAccessToken !== undefined), {
    message: 'give either accessToken or getAccessToken, not both',
  });

/**
 * Validates `options` and applies the defaults.
 *
 * @throws MessengerError `CONFIG_INVALID` naming each wrong option (never echoing its value).
 */
export function resolveGraphClientOptions(options: GraphClientOptions): ResolvedGraphClientOptions {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) =>
      issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
    );
    throw new MessengerError('CONFIG_INVALID', `Invalid GraphClient options: ${problems.join('; ')}.`, {
      details: { problems },
    });
  }
  const o = parsed.data;
  return {
    appSecret: o.appSecret,
    accessToken: o.accessToken,
    getAccessToken: o.getAccessToken,
    graphApiUrl: (o.graphApiUrl ?? DEFAULT_GRAPH_API_URL).replace(/\/+$/, ''),
    graphApiVersion: o.graphApiVersion ?? DEFAULT_GRAPH_API_VERSION,
    timeoutMs: o.timeoutMs ?? DEFAULT_GRAPH_TIMEOUT_MS,
    maxRetries: o.maxRetries ?? DEFAULT_GRAPH_MAX_RETRIES,
    retryAmbiguousSends: o.retryAmbiguousSends ?? false,
    httpClient: o.httpClient ?? 'auto',
    retryBaseMs: o.retryBaseMs ?? DEFAULT_GRAPH_RETRY_BASE_MS,
    retryMaxMs: o.retryMaxMs ?? DEFAULT_GRAPH_RETRY_MAX_MS,
    tokenCacheTtlMs: o.tokenCacheTtlMs ?? DEFAULT_TOKEN_CACHE_TTL_MS,
    onRetry: o.onRetry,
    appSecretProof: true,
    instagramLogin: options.instagramLogin,
    store: options.store,
  };
}

/**
 * The one error type of the package. Every error a user can meet is a {@link MessengerError}
 * with a stable {@link MessengerErrorCode}; failures reported by the Graph API are the subclass
 * {@link GraphApiError}.
 *
 * @module
 */

/**
 * Stable error codes. Switch on `error.code`, never on the message text.
 *
 * | code | meaning |
 * |---|---|
 * | `SIGNATURE_INVALID` | a webhook POST had no valid `X-Hub-Signature-256` |
 * | `CONFIG_INVALID` | the adapter, a middleware or the web server is set up wrong |
 * | `WEBHOOK_INVALID` | a webhook body is not JSON or not a Meta webhook envelope |
 * | `MESSAGING_WINDOW_CLOSED` | the 24-hour (or 7-day HUMAN_AGENT) window does not allow this message |
 * | `TAG_NOT_ALLOWED` | a retired message tag, or a tag other than HUMAN_AGENT on Instagram |
 * | `NOT_THREAD_OWNER` | another app (e.g. the Page Inbox) controls this conversation |
 * | `RECIPIENT_UNAVAILABLE` | the person cannot receive messages from the Page right now |
 * | `RECIPIENT_NOT_FOUND` | no user with that PSID / IGSID for this Page or account |
 * | `RATE_LIMITED` | Meta throttled the call, or the local limiter gave up waiting |
 * | `AUTH_FAILED` | the access token is invalid or expired (Graph 190) |
 * | `PERMISSION_DENIED` | the app lacks a permission or review (Graph 200 family, 10) |
 * | `ATTACHMENT_REJECTED` | a file is too large, of an unsupported type, or could not be fetched |
 * | `QUEUE_FULL` | a bounded queue is full; nothing was accepted |
 * | `NOT_SUPPORTED` | Messenger has no such operation (edit or delete a sent message, ...) |
 * | `STORE_UNAVAILABLE` | the shared {@link StateStore} (e.g. Redis) cannot be reached |
 * | `NETWORK_ERROR` | the Graph API could not be reached, or did not answer in time |
 * | `GRAPH_ERROR` | any other Graph API failure |
 * | `INTERNAL_ERROR` | an unexpected failure inside the adapter or a custom component (webhook answered 500) |
 */
export type MessengerErrorCode =
  | 'SIGNATURE_INVALID'
  | 'CONFIG_INVALID'
  | 'WEBHOOK_INVALID'
  | 'MESSAGING_WINDOW_CLOSED'
  | 'TAG_NOT_ALLOWED'
  | 'NOT_THREAD_OWNER'
  | 'RECIPIENT_UNAVAILABLE'
  | 'RECIPIENT_NOT_FOUND'
  | 'RATE_LIMITED'
  | 'AUTH_FAILED'
  | 'PERMISSION_DENIED'
  | 'ATTACHMENT_REJECTED'
  | 'QUEUE_FULL'
  | 'NOT_SUPPORTED'
  | 'STORE_UNAVAILABLE'
  | 'NETWORK_ERROR'
  | 'GRAPH_ERROR'
  | 'INTERNAL_ERROR';

/** Options accepted by the {@link MessengerError} constructor. */
export interface MessengerErrorOptions {
  /** The underlying error, if any (kept as the standard `cause`). */
  cause?: unknown;
  /** Machine-readable facts about the failure (ids, limits, timestamps). Never tokens or message text. */
  details?: Readonly<Record<string, unknown>>;
}

/**
 * An error raised by botbuilder-adapter-messenger.
 *
 * @example
 * ```ts
 * import { MessengerError } from 'botbuilder-adapter-messenger';
 *
 * adapter.onTurnError = async (context, error) => {
 *   if (error instanceof MessengerError && error.code === 'MESSAGING_WINDOW_CLOSED') {
 *     // the user wrote more than 24 hours ago: fall back to e-mail
 *     return;
 *   }
 *   console.error(error);
 * };
 * ```
 */
export class MessengerError extends Error {
  /** The stable code to switch on. */
  readonly code: MessengerErrorCode;
  /** Machine-readable facts about the failure (never tokens or message contents). */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: MessengerErrorCode, message: string, options: MessengerErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MessengerError';
    this.code = code;
    this.details = options.details ?? {};
  }

  /** True when `value` is a {@link MessengerError}, optionally with the given code. */
  static is(value: unknown, code?: MessengerErrorCode): value is MessengerError {
    return value instanceof MessengerError && (code === undefined || value.code === code);
  }
}

/** Usage figures parsed from the `X-Business-Use-Case-Usage` / `X-App-Usage` response headers. */
export interface GraphUsage {
  /** Highest `call_count` percentage seen across the usage headers (0-100+). */
  callCountPercent?: number;
  /** Highest `total_time` / `total_cputime` percentage seen (0-100+). */
  timePercent?: number;
  /**
   * Milliseconds until access returns, from `estimated_time_to_regain_access` (given in minutes by
   * Meta). Absent when the header gives no time, including when it says `0`.
   */
  regainAccessInMs?: number;
}

/** Construction facts for a {@link GraphApiError}. */
export interface GraphApiErrorInit extends MessengerErrorOptions {
  /** Graph `error.code`. */
  graphCode: number;
  /** Graph `error.error_subcode`, when present. */
  graphSubcode?: number;
  /** Graph `error.fbtrace_id`, to quote when asking Meta for support. */
  fbtraceId?: string;
  /** Graph `error.type`, e.g. `OAuthException`. */
  graphType?: string;
  /** The HTTP status of the failed response. */
  httpStatus?: number;
  /** Graph `error.is_transient`, when present. */
  isTransient?: boolean;
  /** HTTP method of the failed call. */
  method?: string;
  /** Path of the failed call, without query string or tokens. */
  path?: string;
  /** Usage headers of the failed response, when present. */
  usage?: GraphUsage;
}

/**
 * A failure reported by the Graph API, mapped to a {@link MessengerErrorCode}.
 *
 * @example
 * ```ts
 * try {
 *   await adapter.graph.sendMessage(pageId, { recipient: { id: psid }, message: { text: 'Hi' } });
 * } catch (error) {
 *   if (error instanceof GraphApiError) console.log(error.code, error.graphCode, error.fbtraceId);
 * }
 * ```
 */
export class GraphApiError extends MessengerError {
  readonly graphCode: number;
  readonly graphSubcode: number | undefined;
  readonly fbtraceId: string | undefined;
  readonly graphType: string | undefined;
  readonly httpStatus: number | undefined;
  readonly isTransient: boolean | undefined;
  readonly method: string | undefined;
  readonly path: string | undefined;
  readonly usage: GraphUsage | undefined;

  constructor(code: MessengerErrorCode, message: string, init: GraphApiErrorInit) {
    super(code, message, init);
    this.name = 'GraphApiError';
    this.graphCode = init.graphCode;
    this.graphSubcode = init.graphSubcode;
    this.fbtraceId = init.fbtraceId;
    this.graphType = init.graphType;
    this.httpStatus = init.httpStatus;
    this.isTransient = init.isTransient;
    this.method = init.method;
    this.path = init.path;
    this.usage = init.usage;
  }
}

/**
 * Graph error envelope -> {@link GraphApiError}: the mapping of Graph codes to
 * {@link MessengerErrorCode}s (the contract's "Errors" section, reference section 5) and messages that
 * say what to do.
 *
 * @module
 */
import { GraphApiError, type GraphUsage, type MessengerErrorCode } from '../errors';
import { redactSecrets } from './redact';
import { scrubContents } from './scrubContents';
import { graphErrorEnvelopeSchema } from './schemas';

/** Message tags Meta retired on 2026-04-27: any request carrying one gets Graph error 100. */
export const RETIRED_MESSAGE_TAGS: readonly string[] = [
  'CONFIRMED_EVENT_UPDATE',
  'POST_PURCHASE_UPDATE',
  'ACCOUNT_UPDATE',
];

/** Graph codes of throttling (app, user, Pages, custom, Pages / Instagram / Messenger BUC). */
export const RATE_LIMIT_GRAPH_CODES: readonly number[] = [4, 17, 32, 613, 80001, 80002, 80006];

/** Subcodes that say the messaging window is closed (Messenger, Instagram, News Messaging). */
const WINDOW_SUBCODES = [2018278, 2534022, 2018065];
/** Subcodes of a thread another app controls. */
const NOT_OWNER_SUBCODES = [2018300, 2534037];
/** Subcodes of a person who cannot receive messages now. */
const UNAVAILABLE_SUBCODES = [1545041, 2018108];
/** Subcodes of an unknown PSID / IGSID. */
const NOT_FOUND_SUBCODES = [2018001, 2534014];
/** Subcodes of a refused attachment (fetch, type, id, size, video timeout). */
const ATTACHMENT_SUBCODES = [2018008, 2018047, 2018074, 2018109, 2018294];

/** Graph code 1, subcode 1357046: "Received invalid JSON reply" (messages may have been sent). */
export const AMBIGUOUS_SUBCODE = 1357046;

/**
 * True when a failed non-idempotent call may nevertheless have taken effect (a send that Meta may
 * have delivered): Graph 1 or 2, `is_transient`, or a 5xx without a Graph body.
 */
export function isAmbiguousFailure(graphCode: number, isTransient: boolean | undefined, httpStatus: number | undefined): boolean {
  if (graphCode === 0) return (httpStatus ?? 0) >= 500;
  return graphCode === 1 || graphCode === 2 || isTransient === true;
}

/** What the client knows about the call that failed. */
export interface GraphCallContext {
  /** HTTP method, e.g. `POST`. */
  method: string;
  /** Path without version or query, e.g. `/me/messages`. */
  path: string;
  /** HTTP status of the response. */
  httpStatus?: number;
  /** Usage headers of the response. */
  usage?: GraphUsage;
  /** Page id / Instagram account id the call was made for. */
  accountId?: string;
  /** The Send API `tag` the request carried, if any (to recognise retired tags). */
  requestTag?: string;
  /** Strings that must never appear in the error (token, app secret, appsecret_proof). */
  redact?: readonly string[];
  /** Message contents of the request (texts, titles, payloads, URLs): removed from Graph's message. */
  contents?: readonly string[];
}

/**
 * The {@link MessengerErrorCode} of a Graph error.
 *
 * @param requestTag - the `tag` of the Send API request, if any: a retired tag turns error 100 (and a
 *   closed-window error) into `TAG_NOT_ALLOWED`.
 */
export function classifyGraphError(code: number, subcode?: number, requestTag?: string): MessengerErrorCode {
  const has = (list: readonly number[]) => subcode !== undefined && list.includes(subcode);
  const retiredTag = requestTag !== undefined && RETIRED_MESSAGE_TAGS.includes(requestTag);
  if (
    retiredTag &&
    (has(WINDOW_SUBCODES) ||
      (code === 100 && !has([...NOT_FOUND_SUBCODES, ...ATTACHMENT_SUBCODES, ...NOT_OWNER_SUBCODES])))
  ) {
    return 'TAG_NOT_ALLOWED';
  }
  if (has(WINDOW_SUBCODES)) return 'MESSAGING_WINDOW_CLOSED';
  if (code === 2018300 || has(NOT_OWNER_SUBCODES)) return 'NOT_THREAD_OWNER';
  if (code === 551 || has(UNAVAILABLE_SUBCODES)) return 'RECIPIENT_UNAVAILABLE';
  if (has(NOT_FOUND_SUBCODES)) return 'RECIPIENT_NOT_FOUND';
  if (has(ATTACHMENT_SUBCODES)) return 'ATTACHMENT_REJECTED';
  if (RATE_LIMIT_GRAPH_CODES.includes(code)) return 'RATE_LIMITED';
  if (code === 190) return 'AUTH_FAILED';
  if (code === 10 || (code >= 200 && code <= 299)) return 'PERMISSION_DENIED';
  return 'GRAPH_ERROR';
}

const AUTH_SUBCODE_REASONS: Readonly<Record<number, string>> = {
  458: 'the app is no longer installed for this Page or user',
  460: 'the token owner changed their password',
  463: 'the token has expired',
  467: 'the token is invalid',
};

function advice(
  code: MessengerErrorCode,
  graphCode: number,
  subcode: number | undefined,
  ctx: GraphCallContext,
): string {
  switch (code) {
    case 'MESSAGING_WINDOW_CLOSED':
      return subcode === 2018065
        ? 'The message is outside the messaging window and needs a permission this app lacks (News Messaging). Send within 24 hours of the person’s last message instead.'
        : 'The message is outside the messaging window: the person last wrote more than 24 hours ago. Reply within 24 hours; from 24 hours to 7 days only a human agent’s reply may go out, tagged HUMAN_AGENT (MessagingWindowMiddleware does this).';
    case 'TAG_NOT_ALLOWED':
      return `The message tag ${ctx.requestTag ?? ''} was retired by Meta on 2026-04-27. Send inside the 24-hour window, tag a human agent’s reply HUMAN_AGENT within 7 days, or use a Utility Messages template.`;
    case 'NOT_THREAD_OWNER':
      return 'Another app (for example the Page Inbox) controls this thread. Make this app the default app in the Page’s conversation routing settings, or take thread control first; HandoverMiddleware holds messages back while another app owns the thread.';
    case 'RECIPIENT_UNAVAILABLE':
      return 'The person cannot receive messages from this Page or account right now (they blocked it, left, or are restricted). Do not retry; wait until they write again.';
    case 'RECIPIENT_NOT_FOUND':
      return 'No person with this id exists for this Page or Instagram account. Use the sender id of a webhook event of the same Page or account (ids are scoped to one Page; Facebook Login ids do not work).';
    case 'RATE_LIMITED': {
      const regain = ctx.usage?.regainAccessInMs;
      const wait =
        regain !== undefined
          ? `Wait about ${Math.ceil(regain / 60_000)} minute(s), as the usage headers say, before calling again`
          : 'Wait before calling again';
      return `Meta is throttling this app, Page or account (${graphCode === 0 ? 'HTTP 429' : `Graph code ${graphCode}`}). ${wait}; calls made while throttled extend the wait. RateLimitMiddleware paces sends and retries after throttling.`;
    }
    case 'AUTH_FAILED': {
      const reason = subcode !== undefined ? AUTH_SUBCODE_REASONS[subcode] : undefined;
      return `The access token${ctx.accountId ? ` for account ${ctx.accountId}` : ''} was refused${reason ? ` (${reason})` : ''}. Refresh the Page token (for example a system user token from Meta Business Suite) and pass it as accessToken or return it from getAccessToken.`;
    }
    case 'PERMISSION_DENIED':
      if (subcode === 2534041) {
        return 'The Instagram account owner turned off “Allow access to messages” (Instagram app > Settings > Messages > Connected tools). Ask them to turn it on.';
      }
      if (subcode === 1893063) {
        return 'This Page is temporarily restricted from sending messages. Check Page Quality in Meta Business Suite.';
      }
      if (graphCode === 200 && (subcode === undefined || subcode === 2018028)) {
        return 'Until Meta approves the pages_messaging permission (instagram_manage_messages on Instagram) in App Review, the app may message only its admins, developers and testers. Submit the app for review, or add the person as a tester.';
      }
      return 'The app or the token lacks a permission this call needs. Check the approved permissions (pages_messaging, pages_manage_metadata, instagram_manage_messages, human_agent) and that the token’s owner has a task on the Page.';
    case 'ATTACHMENT_REJECTED':
      switch (subcode) {
        case 2018008:
          return 'Meta could not fetch the file from its URL. Serve it over public HTTPS, without authentication, and answer quickly.';
        case 2018047:
          return 'The file’s media type does not match the attachment type. Send images as image, videos as video, audio as audio, anything else as file.';
        case 2018074:
          return 'The attachment_id is invalid or belongs to another Page. Upload the file again for this Page.';
        case 2018109:
          return 'The file is larger than Meta allows (25 MB; 8 MB for images on Instagram). Send a smaller file or a link.';
        default:
          return 'Meta timed out fetching the video (75 s). Use a smaller file or a faster host.';
      }
    default:
      if (graphCode === 0) {
        return `Graph answered HTTP ${ctx.httpStatus ?? '?'} without a Graph error body (an outage or a proxy in between?). Try again later; check graphApiUrl if it persists.`;
      }
      if (graphCode === 1 && subcode === AMBIGUOUS_SUBCODE) {
        return 'Graph’s reply was unreadable, but the message may have been sent. Do not resend blindly: look for its echo (message_echoes) first.';
      }
      if ((graphCode === 1 || graphCode === 2) && ctx.method === 'POST') {
        return 'Graph had a temporary problem, but the call may have taken effect (a message may have been delivered). Look for its echo (message_echoes) before sending it again; retryAmbiguousSends: true retries such sends.';
      }
      if (graphCode === 1 || graphCode === 2) return 'Graph had a temporary problem. Try again later.';
      return 'Check the call against the Graph API reference; quote the fbtrace_id when asking Meta for help.';
  }
}

/**
 * Turns a Graph error body into a {@link GraphApiError} with the right {@link MessengerErrorCode}
 * and a message that names the call and says what to do. The body is parsed with zod; a body that is
 * no Graph error envelope (an HTML page from a proxy, an empty 502) gives `GRAPH_ERROR` with
 * `graphCode` 0 (`RATE_LIMITED` for HTTP 429). Secrets listed in `context.redact`, and anything that looks like a Meta token, are
 * removed from Graph's message.
 *
 * @example
 * ```ts
 * const error = toGraphApiError(
 *   { error: { message: '(#10) This message is sent outside of allowed window.', type: 'OAuthException', code: 10, error_subcode: 2018278, fbtrace_id: 'AbC123' } },
 *   { method: 'POST', path: '/me/messages', httpStatus: 400 },
 * );
 * error.code; // 'MESSAGING_WINDOW_CLOSED'
 * ```
 */
export function toGraphApiError(body: unknown, context: GraphCallContext): GraphApiError {
  const parsed = graphErrorEnvelopeSchema.safeParse(body);
  const error = parsed.success ? parsed.data.error : undefined;
  const graphCode = error?.code ?? 0;
  const subcode = error?.error_subcode;
  const code: MessengerErrorCode = error
    ? classifyGraphError(graphCode, subcode, context.requestTag)
    : context.httpStatus === 429
      ? 'RATE_LIMITED'
      : 'GRAPH_ERROR';
  const call = `${context.method} ${context.path}`;
  const graphMessage =
    error?.message !== undefined
      ? redactSecrets(scrubContents(error.message, context.contents ?? []), context.redact)
      : undefined;
  const graphRef = error
    ? `Graph error ${graphCode}${subcode !== undefined ? `/${subcode}` : ''}${graphMessage ? `: “${graphMessage}”` : ''}${error.fbtrace_id ? `; fbtrace_id ${error.fbtrace_id}` : ''}`
    : `HTTP ${context.httpStatus ?? '?'}`;
  const message = `Call to '${call}' failed (${graphRef}). ${advice(code, graphCode, subcode, context)}`;
  const details: Record<string, unknown> = {
    method: context.method,
    path: context.path,
    graphCode,
  };
  if (context.accountId !== undefined) details.accountId = context.accountId;
  if (subcode !== undefined) details.graphSubcode = subcode;
  if (error?.type !== undefined) details.graphType = error.type;
  if (error?.fbtrace_id !== undefined) details.fbtraceId = error.fbtrace_id;
  if (graphMessage !== undefined) details.graphMessage = graphMessage;
  if (context.httpStatus !== undefined) details.httpStatus = context.httpStatus;
  if (error?.is_transient !== undefined) details.isTransient = error.is_transient;
  if (context.usage !== undefined) details.usage = context.usage;
  if (code === 'TAG_NOT_ALLOWED' && context.requestTag !== undefined) details.tag = context.requestTag;
  if (graphCode === 1 && subcode === AMBIGUOUS_SUBCODE) details.maybeSent = true;
  else if (context.method === 'POST' && code === 'GRAPH_ERROR' && isAmbiguousFailure(graphCode, error?.is_transient, context.httpStatus)) {
    // A POST that failed this way may have taken effect (a send Meta delivered): say so.
    details.maybeSent = true;
  }
  return new GraphApiError(code, message, {
    graphCode,
    graphSubcode: subcode,
    fbtraceId: error?.fbtrace_id,
    graphType: error?.type,
    httpStatus: context.httpStatus,
    isTransient: error?.is_transient,
    method: context.method,
    path: context.path,
    usage: context.usage,
    details,
  });
}

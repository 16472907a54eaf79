/**
 * Meta's Graph API error envelopes, as the sandbox answers them: one factory per documented error.
 *
 * Every failure is HTTP 400 (Meta's status for OAuthException / GraphMethodException errors,
 * including 190 and throttling), except code 1 and 2 (unexpected errors), which are 500.
 *
 * @module
 */
import { fbtraceId } from '../ids';
import type { Platform } from '../world/types';

/** The `error` object of a Graph error response. */
export interface GraphErrorObject {
  message: string;
  type: 'OAuthException' | 'GraphMethodException';
  code: number;
  error_subcode?: number;
  is_transient?: boolean;
  fbtrace_id: string;
}

/** A Graph call that fails: thrown by rule checks, turned into the error envelope by the router. */
export class GraphFailure extends Error {
  readonly status: number;
  readonly error: GraphErrorObject;
  readonly headers: Readonly<Record<string, string>>;

  constructor(error: Omit<GraphErrorObject, 'fbtrace_id'>, headers: Record<string, string> = {}) {
    super(error.message);
    this.name = 'GraphFailure';
    this.status = error.code === 1 || error.code === 2 ? 500 : 400;
    this.error = { ...error, fbtrace_id: fbtraceId() };
    this.headers = headers;
  }

  /** The response body: `{ error: { message, type, code, error_subcode?, fbtrace_id } }`. */
  get body(): { error: GraphErrorObject } {
    return { error: this.error };
  }
}

const oauth = (code: number, message: string, error_subcode?: number): GraphFailure =>
  new GraphFailure({
    message,
    type: 'OAuthException',
    code,
    ...(error_subcode === undefined ? {} : { error_subcode }),
  });

const method = (code: number, message: string, error_subcode?: number): GraphFailure =>
  new GraphFailure({
    message,
    type: 'GraphMethodException',
    code,
    ...(error_subcode === undefined ? {} : { error_subcode }),
  });

/** The errors the sandbox answers, named by cause. */
export const graphErrors = {
  /** No token at all on a `/me` path (Meta: 2500). */
  missingToken: () =>
    oauth(2500, 'An active access token must be used to query information about the current user.'),
  /** A token that belongs to no configured Page / Instagram account (Meta: 190). */
  invalidToken: () => oauth(190, 'Invalid OAuth access token - Cannot parse access token'),
  /** "Require App Secret" is on and the call has no `appsecret_proof` (Meta: 100, GraphMethodException). */
  missingAppSecretProof: () => method(100, 'API calls from the server require an appsecret_proof argument'),
  /** `appsecret_proof` is not HMAC-SHA256(app secret, token) (Meta: 100, GraphMethodException). */
  invalidAppSecretProof: () => method(100, 'Invalid appsecret_proof provided in the API argument'),
  /** Any malformed or out-of-range parameter (Meta: 100). */
  invalidParameter: (detail: string, subcode?: number) => oauth(100, `(#100) ${detail}`, subcode),
  /** Empty message (Meta: 100/2018034). */
  emptyMessage: () =>
    oauth(100, '(#100) Message cannot be empty, must provide valid attachment or text', 2018034),
  /** The recipient is not a user of this Page / account (Meta: 100/2018001, IG 100/2534014). */
  noMatchingUser: (platform: Platform) =>
    platform === 'instagram'
      ? oauth(100, '(#100) No matching Instagram user', 2534014)
      : oauth(100, '(#100) No matching user found', 2018001),
  /** The 24-hour (or 7-day tagged) window is closed (Meta: 10/2018278, IG 10/2534022). */
  outsideWindow: (platform: Platform) =>
    platform === 'instagram'
      ? oauth(
          10,
          '(#10) This message is sent outside of allowed window. Apps can only send messages to a user within 24 hours of their last message, or within 7 days with the HUMAN_AGENT tag.',
          2534022,
        )
      : oauth(
          10,
          '(#10) This message is sent outside of allowed window. Learn more about the new policy here: https://developers.facebook.com/docs/messenger-platform/policy-overview',
          2018278,
        ),
  /** A tag retired on 2026-04-27: CONFIRMED_EVENT_UPDATE, POST_PURCHASE_UPDATE, ACCOUNT_UPDATE (Meta: 100). */
  retiredTag: (tag: string) =>
    oauth(
      100,
      `(#100) The message tag ${tag} is no longer supported (retired on April 27, 2026). Use HUMAN_AGENT for a human agent's reply within 7 days, or Utility Messages.`,
    ),
  /** A tag other than HUMAN_AGENT on Instagram (Meta: 100). */
  tagNotOnInstagram: (tag: string) =>
    oauth(
      100,
      `(#100) The message tag ${tag} is not available for Instagram Messaging API: use HUMAN_AGENT.`,
    ),
  /** The bot sent while another app (e.g. the Page Inbox) controls the thread (Meta: 2018300; IG 100/2534037). */
  threadControlledByAnotherApp: (platform: Platform) =>
    platform === 'instagram'
      ? oauth(100, "(#100) The action is invalid since it's not the thread owner.", 2534037)
      : oauth(2018300, 'Message failed to send because another app is controlling this thread now.'),
  /** A thread-control call by an app that does not own the thread (Meta: 100/2534037). */
  notThreadOwner: () => oauth(100, "(#100) The action is invalid since it's not the thread owner.", 2534037),
  /** Throttled past the configured rate (Meta: 613; IG 613/2534040). */
  rateLimited: (platform: Platform, headers: Record<string, string>) =>
    new GraphFailure(
      {
        message: '(#613) Calls to this api have exceeded the rate limit.',
        type: 'OAuthException',
        code: 613,
        ...(platform === 'instagram' ? { error_subcode: 2534040 } : {}),
        is_transient: true,
      },
      headers,
    ),
  /** An `attachment_id` that does not exist or belongs to another account (Meta: 100/2018074). */
  attachmentNotFound: () =>
    oauth(100, '(#100) Invalid attachment id: possible invalid ID or you do not own the attachment', 2018074),
  /** A file over the size limit (Meta: 100/2018109). */
  attachmentTooLarge: (limitMb: number) =>
    oauth(100, `(#100) Attachment size exceeds allowable limit (${limitMb} MB)`, 2018109),
  /** An attachment URL that cannot be fetched (Meta: 100/2018008). */
  attachmentUrlInvalid: () =>
    oauth(100, '(#100) Failed to fetch the file from the url: it must be a public http(s) URL', 2018008),
  /** Instagram profile read before the user wrote to the account (Meta: 230). */
  profileConsentRequired: () => oauth(230, '(#230) User consent is required to access user profile'),
  /** A `fields` entry the node does not have (Meta: 100). */
  nonexistingField: (field: string, nodeType: string) =>
    oauth(100, `(#100) Tried accessing nonexisting field (${field}) on node type (${nodeType})`),
  /** A node id the token cannot see (Meta: 100/33, GraphMethodException). */
  unsupportedRequest: (httpMethod: string, id: string) =>
    method(
      100,
      `Unsupported ${httpMethod.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
      33,
    ),
  /** A path the Graph API does not have (Meta: 2500). */
  unknownPath: (path: string) => oauth(2500, `Unknown path components: ${path}`),
} as const;

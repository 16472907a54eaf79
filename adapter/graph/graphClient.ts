/**
 * The Graph API client of the adapter: {@link GraphClient.raw} for any call, typed methods for the
 * Send API, sender actions, conversation routing, user profiles, attachment upload, the Messenger
 * Profile, private replies and webhook subscription.
 *
 * @module
 */
import type { z } from 'zod';
import { type GraphUsage, MessengerError } from '../errors';
import type { MessengerChannelId } from '../platform';
import type { SendApiBody } from '../sendPipeline';
import { GraphHosts } from '../instagramLogin/hosts';
import type { GraphResponse } from './graphTransport';
import {
  checkId,
  checkMetadata,
  invalid,
  PROFILE_FIELD_PATTERN,
  SENDER_ACTIONS,
  uploadBytesSchema,
  uploadByUrlSchema,
} from './inputs';
import {
  MESSENGER_PROFILE_FIELDS,
  type MessengerProfile,
  type MessengerProfileField,
} from './messengerProfile';
import { type GraphClientOptions, resolveGraphClientOptions } from './options';
import {
  jsonObjectSchema,
  messengerProfileResponseSchema,
  sendResponseSchema,
  successResponseSchema,
  threadOwnerResponseSchema,
  uploadResponseSchema,
} from './schemas';
import { copyWith } from '../copyWith';

export type { GraphResponse } from './graphTransport';

/** Profile fields read on Messenger unless others are given (no extra permission needed). */
export const MESSENGER_USER_PROFILE_FIELDS: readonly string[] = ['first_name', 'last_name', 'profile_pic'];

/** Profile fields read on Instagram unless others are given. */
export const INSTAGRAM_USER_PROFILE_FIELDS: readonly string[] = [
  'name',
  'username',
  'profile_pic',
  'follower_count',
  'is_user_follow_business',
  'is_business_follow_user',
  'is_verified_user',
];

/** Longest file Meta accepts through the Attachment Upload API (25 MB). */
export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;

/** Longest thread control extension: 7 days, in seconds. */
export const MAX_THREAD_CONTROL_EXTENSION_SECONDS = 7 * 24 * 3600;

/** Options of {@link GraphClient.raw}. */
export interface GraphRawOptions<T> {
  /** Query parameters (`appsecret_proof` is added; never put a token here). */
  query?: Record<string, string>;
  /** JSON body. */
  body?: unknown;
  /** Multipart body (instead of `body`). */
  form?: FormData;
  /**
   * The call may be repeated without effect, so a timeout or dropped connection is retried.
   * Default: true for GET and DELETE, false for POST.
   */
  idempotent?: boolean;
  /** Validates the answer; default: any JSON object. */
  schema?: z.ZodType<T>;
  /** Retries of transient failures for this call (default: the client's `maxRetries`). */
  maxRetries?: number;
}

/**
 * Input of {@link GraphClient.uploadAttachment}: a public URL Meta fetches, or the bytes.
 * `platform: 'instagram'` uploads for an Instagram account (Meta requires it there); leave it out
 * for a Page.
 */
export type UploadAttachmentInput =
  | {
      type: 'image' | 'video' | 'audio' | 'file';
      url: string;
      isReusable?: boolean;
      platform?: 'instagram';
    }
  | {
      type: 'image' | 'video' | 'audio' | 'file';
      data: Buffer;
      contentType: string;
      filename?: string;
      isReusable?: boolean;
      platform?: 'instagram';
    };

/**
 * Graph API client for Messenger and Instagram (Messenger API), one instance per app.
 *
 * Every call goes to `/{version}/me/<edge>` with the account's Page token in an
 * `Authorization: Bearer` header and `appsecret_proof` in the query (an Instagram-Login account's
 * calls go to `instagramLogin.graphApiUrl` with its Instagram user token, see
 * {@link GraphClientOptions.instagramLogin}); answers are validated with zod;
 * failures become {@link GraphApiError}s (`NETWORK_ERROR` when Graph did not answer); transient
 * failures are retried with backoff, ambiguous ones and throttling never.
 *
 * @example
 * ```ts
 * const graph = new GraphClient({ appSecret: process.env.APP_SECRET!, accessToken: process.env.PAGE_TOKEN! });
 * const { messageId } = await graph.sendMessage(pageId, {
 *   recipient: { id: psid },
 *   messaging_type: 'RESPONSE',
 *   message: { text: 'Hello!' },
 * });
 * await graph.passThreadControl(pageId, psid, PAGE_INBOX_APP_ID, 'escalate:billing');
 * graph.close();
 * ```
 */
export class GraphClient {
  readonly #transport: GraphHosts;

  /** @throws MessengerError `CONFIG_INVALID` when an option is wrong. */
  constructor(options: GraphClientOptions) {
    this.#transport = new GraphHosts(resolveGraphClientOptions(options));
  }

  /**
   * True when `accountId` uses Instagram Login (its calls go to graph.instagram.com with its
   * Instagram user token). Always false without the `instagramLogin` option.
   */
  async isInstagramLoginAccount(accountId: string): Promise<boolean> {
    return (await this.#transport.logins?.isInstagramLogin(accountId)) ?? false;
  }

  /**
   * Records that `accountId` uses Instagram Login (shared through the `store` option), e.g. after a
   * webhook signed with the Instagram app secret. Without the `instagramLogin` option it throws
   * `CONFIG_INVALID`.
   */
  async rememberInstagramLoginAccount(accountId: string): Promise<void> {
    const logins = this.#transport.logins;
    if (logins === undefined) {
      throw new MessengerError(
        'CONFIG_INVALID',
        'Account ids can only be marked as Instagram Login when the instagramLogin option is configured.',
      );
    }
    await logins.remember(accountId);
  }

  /**
   * Any Graph call for `accountId` (whose token is used). `path` is under the version, e.g.
   * `/me/conversations`.
   *
   * @example
   * ```ts
   * const { data } = await graph.raw<{ name: string }>(pageId, 'GET', '/me', { query: { fields: 'name' } });
   * ```
   */
  raw<T = unknown>(
    accountId: string,
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    options: GraphRawOptions<T> = {},
  ): Promise<GraphResponse<T>> {
    return this.#transport.request<T>({ accountId, method, path, ...options });
  }

  /**
   * Sends a Send API body (`POST /me/messages`). Not retried after an ambiguous failure.
   * For a `sender_action` body Graph returns no message id and `messageId` is `''`.
   *
   * @returns the Graph `message_id` and `recipient_id`.
   */
  async sendMessage(
    accountId: string,
    body: SendApiBody,
  ): Promise<{ messageId: string; recipientId?: string; usage?: GraphUsage }> {
    if (
      typeof body !== 'object' ||
      body === null ||
      typeof body.recipient !== 'object' ||
      body.recipient === null
    ) {
      throw invalid(
        'sendMessage needs a Send API body with a recipient, e.g. { recipient: { id }, message: { text } }.',
      );
    }
    const { data, usage } = await this.raw(accountId, 'POST', '/me/messages', {
      body,
      schema: sendResponseSchema,
    });
    if (data.message_id === undefined && body.sender_action === undefined) {
      throw new MessengerError(
        'GRAPH_ERROR',
        "Call to 'POST /me/messages' returned no message_id. The message may have been sent; check graphApiUrl.",
        { details: { method: 'POST', path: '/me/messages', accountId } },
      );
    }
    const sent: { messageId: string; recipientId?: string; usage?: GraphUsage } = { messageId: data.message_id ?? '' };
    if (data.recipient_id !== undefined) sent.recipientId = data.recipient_id;
    if (usage !== undefined) sent.usage = usage;
    return sent;
  }

  /** Shows or hides the typing indicator, or marks the last message as seen. Retried when transient. */
  async senderAction(
    accountId: string,
    recipientId: string,
    action: 'typing_on' | 'typing_off' | 'mark_seen',
    personaId?: string,
  ): Promise<void> {
    checkId('recipientId', recipientId);
    if (!SENDER_ACTIONS.includes(action))
      throw invalid(`sender action must be one of ${SENDER_ACTIONS.join(', ')}.`);
    if (personaId !== undefined) checkId('personaId', personaId);
    const body = {
      recipient: { id: recipientId },
      sender_action: action,
      ...(personaId ? { persona_id: personaId } : {}),
    };
    await this.raw(accountId, 'POST', '/me/messages', { body, idempotent: true, schema: sendResponseSchema });
  }

  /** Passes the thread to `targetAppId` (e.g. the Page Inbox `263902037430900`). */
  async passThreadControl(
    accountId: string,
    userId: string,
    targetAppId: string,
    metadata?: string,
  ): Promise<void> {
    checkId('targetAppId', targetAppId);
    await this.#threadControl(
      accountId,
      'pass_thread_control',
      userId,
      { target_app_id: targetAppId },
      metadata,
    );
  }

  /** Takes the thread from its owner (needs this app to be the default app of the Page). */
  async takeThreadControl(accountId: string, userId: string, metadata?: string): Promise<void> {
    await this.#threadControl(accountId, 'take_thread_control', userId, {}, metadata);
  }

  /** Asks the owner of the thread to pass it to this app. */
  async requestThreadControl(accountId: string, userId: string, metadata?: string): Promise<void> {
    await this.#threadControl(accountId, 'request_thread_control', userId, {}, metadata);
  }

  /** Releases the thread (it becomes idle; the default app answers next). */
  async releaseThreadControl(accountId: string, userId: string, metadata?: string): Promise<void> {
    await this.#threadControl(accountId, 'release_thread_control', userId, {}, metadata);
  }

  /** Keeps thread control for `durationSeconds` more (1 second to 7 days). */
  async extendThreadControl(accountId: string, userId: string, durationSeconds: number): Promise<void> {
    if (
      !Number.isInteger(durationSeconds) ||
      durationSeconds < 1 ||
      durationSeconds > MAX_THREAD_CONTROL_EXTENSION_SECONDS
    ) {
      throw invalid(
        `durationSeconds must be a whole number from 1 to ${MAX_THREAD_CONTROL_EXTENSION_SECONDS} (7 days).`,
      );
    }
    await this.#threadControl(
      accountId,
      'extend_thread_control',
      userId,
      { duration: durationSeconds },
      undefined,
    );
  }

  /**
   * The app id that owns the thread with `userId` (`GET /me/thread_owner`).
   *
   * @returns `undefined` when the thread is idle.
   */
  async getThreadOwner(accountId: string, userId: string): Promise<string | undefined> {
    checkId('userId', userId);
    const { data } = await this.raw(accountId, 'GET', '/me/thread_owner', {
      query: { recipient: userId },
      schema: threadOwnerResponseSchema,
    });
    return data.data[0]?.thread_owner?.app_id;
  }

  /**
   * The profile of a person (`GET /<PSID or IGSID>?fields=...`). Default fields:
   * {@link MESSENGER_USER_PROFILE_FIELDS}, or {@link INSTAGRAM_USER_PROFILE_FIELDS} when `channelId`
   * is `'instagram'`.
   *
   * @example
   * ```ts
   * const { first_name } = await graph.getUserProfile(pageId, psid);
   * const { username } = await graph.getUserProfile(igAccountId, igsid, undefined, 'instagram');
   * ```
   */
  async getUserProfile(
    accountId: string,
    userId: string,
    fields?: readonly string[],
    channelId: MessengerChannelId = 'facebook',
  ): Promise<Record<string, unknown>> {
    checkId('userId', userId);
    const list =
      fields ?? (channelId === 'instagram' ? INSTAGRAM_USER_PROFILE_FIELDS : MESSENGER_USER_PROFILE_FIELDS);
    if (list.length === 0 || !list.every((field) => PROFILE_FIELD_PATTERN.test(field))) {
      throw invalid('Profile fields must be Graph field names such as first_name, last_name, profile_pic.');
    }
    const { data } = await this.raw(accountId, 'GET', `/${userId}`, {
      query: { fields: list.join(',') },
      schema: jsonObjectSchema,
    });
    return data;
  }

  /**
   * Uploads a file with the Attachment Upload API (`POST /me/message_attachments`): by URL (Meta
   * fetches it) as JSON, or the bytes as multipart (`message` + `filedata` parts).
   * `isReusable` defaults to true, so the id can be sent again. With `platform: 'instagram'` the JSON
   * body (or a first multipart part) carries `platform: "instagram"`, as Meta's Instagram Attachment
   * Upload API requires.
   *
   * @returns the `attachment_id`, to send as `{ attachment: { type, payload: { attachment_id } } }`.
   */
  async uploadAttachment(accountId: string, input: UploadAttachmentInput): Promise<string> {
    const byUrl = typeof input === 'object' && input !== null && 'url' in input;
    const parsed = byUrl ? uploadByUrlSchema.safeParse(input) : uploadBytesSchema.safeParse(input);
    if (!parsed.success) {
      const problems = parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`,
      );
      throw invalid(`Invalid uploadAttachment input: ${problems.join('; ')}.`);
    }
    const value = parsed.data;
    const isReusable = value.isReusable ?? true;
    let options: GraphRawOptions<z.infer<typeof uploadResponseSchema>>;
    if ('url' in value) {
      const body = copyWith(value.platform !== undefined ? { platform: value.platform } : {}, {
        message: { attachment: { type: value.type, payload: { url: value.url, is_reusable: isReusable } } },
      });
      options = { body, idempotent: true, schema: uploadResponseSchema };
    } else {
      if (value.data.length > MAX_UPLOAD_BYTES) {
        throw new MessengerError(
          'ATTACHMENT_REJECTED',
          `The file is ${value.data.length} bytes; Meta accepts at most ${MAX_UPLOAD_BYTES} (25 MB). Send a smaller file or a link.`,
          { details: { size: value.data.length, limit: MAX_UPLOAD_BYTES } },
        );
      }
      const form = new FormData();
      if (value.platform !== undefined) form.append('platform', value.platform);
      form.append(
        'message',
        JSON.stringify({ attachment: { type: value.type, payload: { is_reusable: isReusable } } }),
      );
      form.append(
        'filedata',
        new Blob([value.data], { type: value.contentType }),
        value.filename ?? value.type,
      );
      options = { form, idempotent: true, schema: uploadResponseSchema };
    }
    const { data } = await this.raw(accountId, 'POST', '/me/message_attachments', options);
    return data.attachment_id;
  }

  /**
   * Reads the Messenger Profile (`GET /me/messenger_profile`); `channelId` `'instagram'` reads the
   * Instagram one.
   *
   * @returns the fields that are set (an empty object when none is).
   */
  async getMessengerProfile(
    accountId: string,
    fields: readonly MessengerProfileField[] = MESSENGER_PROFILE_FIELDS,
    channelId: MessengerChannelId = 'facebook',
  ): Promise<MessengerProfile> {
    const { data } = await this.raw(accountId, 'GET', '/me/messenger_profile', {
      query: { fields: fields.join(','), ...platformQuery(channelId) },
      schema: messengerProfileResponseSchema,
    });
    return (data.data[0] ?? {}) as MessengerProfile;
  }

  /** Sets Messenger Profile fields (`POST /me/messenger_profile`); fields not given stay as they are. */
  async setMessengerProfile(
    accountId: string,
    profile: MessengerProfile,
    channelId: MessengerChannelId = 'facebook',
  ): Promise<void> {
    if (typeof profile !== 'object' || profile === null || Object.keys(profile).length === 0) {
      throw invalid(
        'setMessengerProfile needs at least one field, e.g. { get_started: { payload: "GET_STARTED" } }.',
      );
    }
    const { data } = await this.raw(accountId, 'POST', '/me/messenger_profile', {
      body: profile,
      query: platformQuery(channelId),
      idempotent: true,
      schema: successResponseSchema,
    });
    assertSuccess(data, 'POST /me/messenger_profile', accountId);
  }

  /** Deletes Messenger Profile fields (`DELETE /me/messenger_profile`). */
  async deleteMessengerProfile(
    accountId: string,
    fields: readonly MessengerProfileField[],
    channelId: MessengerChannelId = 'facebook',
  ): Promise<void> {
    if (fields.length === 0)
      throw invalid('deleteMessengerProfile needs the fields to delete, e.g. ["greeting"].');
    const { data } = await this.raw(accountId, 'DELETE', '/me/messenger_profile', {
      body: { fields },
      query: platformQuery(channelId),
      schema: successResponseSchema,
    });
    assertSuccess(data, 'DELETE /me/messenger_profile', accountId);
  }

  /**
   * Sends the one private reply allowed to a Page or Instagram comment (Send API with
   * `recipient: { comment_id }`), within 7 days of the comment. This raw call does not keep the
   * one-reply rule; a bot's reply in a `messenger.comment` turn does (see `delivery/commentReply`).
   */
  async privateReply(
    accountId: string,
    commentId: string,
    message: Record<string, unknown>,
  ): Promise<{ messageId: string }> {
    checkId('commentId', commentId);
    const { messageId } = await this.sendMessage(accountId, {
      recipient: { comment_id: commentId },
      message,
    });
    return { messageId };
  }

  /** Subscribes this app to webhook `fields` of the Page (`POST /me/subscribed_apps`). */
  async subscribeApp(accountId: string, fields: readonly string[]): Promise<void> {
    if (fields.length === 0 || !fields.every((field) => /^[a-z_]+$/.test(field))) {
      throw invalid('subscribeApp needs webhook field names such as messages, messaging_postbacks, standby.');
    }
    const { data } = await this.raw(accountId, 'POST', '/me/subscribed_apps', {
      query: { subscribed_fields: fields.join(',') },
      idempotent: true,
      schema: successResponseSchema,
    });
    assertSuccess(data, 'POST /me/subscribed_apps', accountId);
  }

  /** Closes the keep-alive connections. The client cannot be used afterwards. */
  close(): void {
    this.#transport.close();
  }

  async #threadControl(
    accountId: string,
    edge: string,
    userId: string,
    extra: Record<string, unknown>,
    metadata: string | undefined,
  ): Promise<void> {
    checkId('userId', userId);
    checkMetadata(metadata);
    const body = { recipient: { id: userId }, ...extra, ...(metadata !== undefined ? { metadata } : {}) };
    const { data } = await this.raw(accountId, 'POST', `/me/${edge}`, {
      body,
      schema: successResponseSchema,
    });
    assertSuccess(data, `POST /me/${edge}`, accountId);
  }
}

function platformQuery(channelId: MessengerChannelId): Record<string, string> {
  return channelId === 'instagram' ? { platform: 'instagram' } : {};
}

function assertSuccess(data: z.infer<typeof successResponseSchema>, call: string, accountId: string): void {
  const ok = 'success' in data ? data.success : data.result === 'success';
  if (!ok) {
    throw new MessengerError(
      'GRAPH_ERROR',
      `Call to '${call}' was not accepted (Graph answered without success). Try again later.`,
      {
        details: { call, accountId },
      },
    );
  }
}

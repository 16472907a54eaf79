/**
 * botbuilder's connector path on Messenger: `CloudAdapter` bots read
 * `context.turnState.get(adapter.ConnectorFactoryKey)` to create a connector client and call
 * `connector.conversations.uploadAttachment(...)` (Microsoft's sample 15). Messenger has an
 * Attachment Upload API, so that one call works: it uploads to Meta and answers `{ id }` with the
 * `attachment_id`; the `contentUrl` the bot then builds from `connector.baseUri` is sent by that id.
 * Every other connector operation (Bot Connector REST: members, history, tokens, ...) has no Messenger
 * equivalent and rejects with `NOT_SUPPORTED` naming what to use instead, never a `TypeError`.
 *
 * @module
 */
import { MessengerError } from '../errors';
import type { GraphClient } from '../graph/graphClient';
import { mediaTypeOf } from '../outbound/media';
import { UPLOADED_ATTACHMENT_BASE_URI } from '../outbound/uploadedAttachmentUrl';
import type { MessengerChannelId } from '../platform';

/** What `conversations.uploadAttachment` takes (botframework-schema `AttachmentData`). */
export interface ConnectorAttachmentData {
  /** MIME type, e.g. `image/png`. */
  type?: string;
  /** File name. */
  name?: string;
  /** The file: bytes (Buffer / Uint8Array, as botbuilder passes them) or base64 text. */
  originalBase64?: Uint8Array | string;
  /** Ignored: Messenger makes its own thumbnails. */
  thumbnailBase64?: Uint8Array | string;
}

/** The connector client handed to the bot: `baseUri` and `conversations.uploadAttachment` work. */
export interface MessengerConnectorClient {
  readonly baseUri: string;
  readonly conversations: {
    uploadAttachment(conversationId: string, attachmentUpload: ConnectorAttachmentData): Promise<{ id: string }>;
  } & Record<string, unknown>;
  readonly [operation: string]: unknown;
}

/** The connector factory under `adapter.ConnectorFactoryKey` (botbuilder's `ConnectorFactory` shape). */
export interface MessengerConnectorFactory {
  create(serviceUrl?: string, audience?: string): Promise<MessengerConnectorClient>;
}

/** The account a turn's connector uploads for. */
export interface ConnectorTarget {
  readonly channelId: MessengerChannelId;
  readonly accountId: string;
}

function notSupported(operation: string): MessengerError {
  return new MessengerError(
    'NOT_SUPPORTED',
    `The Bot Connector operation ${operation} has no Messenger equivalent. On this adapter use ` +
      'context.sendActivity for messages, an attachment with a data: URI or a Buffer in content for files ' +
      '(or connector.conversations.uploadAttachment, which uploads to Meta), and adapter.graph for other Graph calls.',
    { details: { operation } },
  );
}

/** Members never faked: a promise's `then` (so `await` works) and what JSON / inspection read. */
const NOT_FAKED = new Set(['then', 'toJSON', 'constructor', 'prototype']);

/**
 * An operation Messenger lacks: calling it rejects with `NOT_SUPPORTED`, and any member of it is
 * another such operation (`connector.attachments.getAttachment(...)` rejects too, never a TypeError).
 */
function refusing(path: string): unknown {
  return new Proxy(() => undefined, {
    apply: () => Promise.reject(notSupported(path)),
    get: (_target, property) =>
      typeof property === 'symbol' || NOT_FAKED.has(property) ? undefined : refusing(`${path}.${property}`),
  });
}

/**
 * `members`, where any other member is an operation that rejects with `NOT_SUPPORTED` (see
 * {@link refusing}). `then` is left out so that the object is not mistaken for a promise.
 */
function refusingRest<T extends object>(path: string, members: T): T {
  return new Proxy(members, {
    get(target, property, receiver) {
      if (typeof property === 'symbol' || property in target) return Reflect.get(target, property, receiver);
      if (NOT_FAKED.has(property)) return undefined;
      return refusing(`${path}.${property}`);
    },
  });
}

function bytesOfUpload(data: ConnectorAttachmentData['originalBase64']): Buffer | undefined {
  if (typeof data === 'string') return data === '' ? undefined : Buffer.from(data, 'base64');
  if (data instanceof Uint8Array) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return undefined;
}

/**
 * Uploads a connector `AttachmentData` to Meta's Attachment Upload API for `target`'s account (an
 * Instagram account with `platform: 'instagram'`) and answers `{ id }` = the `attachment_id`. This is
 * `conversations.uploadAttachment` of {@link connectorFactoryFor}'s client, and the Agents SDK shell's
 * `uploadAttachment`.
 *
 * @throws `CONFIG_INVALID` when `originalBase64` holds no file; the upload's error otherwise.
 */
export async function uploadConnectorAttachment(
  target: ConnectorTarget,
  graph: Pick<GraphClient, 'uploadAttachment'>,
  upload: ConnectorAttachmentData,
): Promise<{ id: string }> {
  const data = bytesOfUpload(upload?.originalBase64);
  if (data === undefined) {
    throw new MessengerError(
      'CONFIG_INVALID',
      'uploadAttachment needs the file in originalBase64 (a Buffer, a Uint8Array or base64 text).',
    );
  }
  const contentType = upload.type || 'application/octet-stream';
  const id = await graph.uploadAttachment(target.accountId, {
    type: mediaTypeOf(contentType, upload.name),
    data,
    contentType,
    ...(upload.name ? { filename: upload.name } : {}),
    ...(target.channelId === 'instagram' ? { platform: 'instagram' as const } : {}),
  });
  return { id };
}

/**
 * The connector factory of one turn: its client uploads for the turn's account (Page, or Instagram
 * account with `platform: 'instagram'`).
 *
 * @example
 * ```ts
 * const connector = await connectorFactoryFor({ channelId: 'facebook', accountId: pageId }, graph).create('');
 * const { id } = await connector.conversations.uploadAttachment(conversationId, { type: 'image/png', name: 'a.png', originalBase64: bytes });
 * ```
 */
export function connectorFactoryFor(
  target: ConnectorTarget,
  graph: Pick<GraphClient, 'uploadAttachment'>,
): MessengerConnectorFactory {
  // Every turn carries a factory, few bots ask it for a client: build the client on the first ask.
  let client: MessengerConnectorClient | undefined;
  return { create: async () => (client ??= connectorClientFor(target, graph)) };
}

/** Most accounts whose connector factory {@link ConnectorFactories} keeps; past it, it starts over. */
const MAX_KEPT_FACTORIES = 1_000;

/**
 * The connector factory of each account, made once and shared by all the account's turns: a factory
 * holds nothing of a turn (its client uploads for the account), so a turn does not need its own.
 */
export class ConnectorFactories {
  /** Account id -> its channel and factory. */
  private readonly factories = new Map<string, { channelId: MessengerChannelId; factory: MessengerConnectorFactory }>();

  constructor(private readonly graph: Pick<GraphClient, 'uploadAttachment'>) {}

  /** The factory for `target`'s account (see {@link connectorFactoryFor}). */
  factoryFor(target: ConnectorTarget): MessengerConnectorFactory {
    const kept = this.factories.get(target.accountId);
    if (kept !== undefined && kept.channelId === target.channelId) return kept.factory;
    if (this.factories.size >= MAX_KEPT_FACTORIES) this.factories.clear();
    const factory = connectorFactoryFor({ channelId: target.channelId, accountId: target.accountId }, this.graph);
    this.factories.set(target.accountId, { channelId: target.channelId, factory });
    return factory;
  }
}

/** The connector client of {@link connectorFactoryFor}: only `conversations.uploadAttachment` works. */
function connectorClientFor(
  target: ConnectorTarget,
  graph: Pick<GraphClient, 'uploadAttachment'>,
): MessengerConnectorClient {
  const uploadAttachment = (_conversationId: string, upload: ConnectorAttachmentData): Promise<{ id: string }> =>
    uploadConnectorAttachment(target, graph, upload);
  return refusingRest('connector', {
    baseUri: UPLOADED_ATTACHMENT_BASE_URI,
    conversations: refusingRest('conversations', { uploadAttachment }),
  }) as MessengerConnectorClient;
}

/**
 * Reuse of uploaded attachments: the Attachment Upload API returns an `attachment_id` that the same
 * Page / Instagram account can send again and again, so the same media is uploaded once. Ids are
 * kept in the {@link StateStore} under `stateKeys.upload(accountId, hash)`, shared by every instance.
 * No botbuilder class here.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import type { GraphClient, UploadAttachmentInput } from '../../adapter/graph/graphClient';
import type { MessengerChannelId } from '../../adapter/platform';
import { stateKeys } from '../../adapter/state/keys';
import type { StateStore } from '../../adapter/state/stateStore';
import { extensionForMimeType } from './fileNames';
import { sha256Hex } from './headLookup';
import type { OutboundMedia } from './outboundMedia';
import { copyWith } from '../../adapter/copyWith';

/** How long an uploaded id is reused unless `uploadTtlMs` says otherwise: 30 days. */
export const DEFAULT_UPLOAD_TTL_MS = 30 * 24 * 3600 * 1000;

/** What the store keeps per upload. */
export interface UploadRecord {
  /** The Graph `attachment_id`. */
  readonly attachmentId: string;
  /** Epoch ms of the upload. */
  readonly uploadedAt: number;
}

/**
 * The hash an upload is kept under. Bytes: `b:<type>:<sha256>` of the MIME type and the bytes (and, for
 * `file` attachments, the file name, which Messenger shows); URLs: `l:<type>:<sha256 of the URL>`.
 * The Send API type is part of it: an id uploaded as `image` is not sent as `file`.
 */
export function uploadHash(media: OutboundMedia): string {
  if (media.kind === 'url') return `l:${media.mediaType}:${sha256Hex(media.url)}`;
  const hash = createHash('sha256');
  hash.update(media.mimeType).update('\0');
  if (media.mediaType === 'file') hash.update(media.name ?? '');
  hash.update('\0').update(media.data);
  return `b:${media.mediaType}:${hash.digest('hex')}`;
}

/** The store key of an upload for one account (ids belong to the Page / IG account that uploaded them). */
export function uploadKey(accountId: string, media: OutboundMedia): string {
  return stateKeys.upload(accountId, uploadHash(media));
}

/**
 * The Attachment Upload API input for media (reusable, so the id can be sent again); for an
 * Instagram account it carries `platform: 'instagram'`, which Meta requires there.
 */
export function uploadInputOf(
  media: OutboundMedia,
  channelId: MessengerChannelId = 'facebook',
): UploadAttachmentInput {
  const platform = channelId === 'instagram' ? { platform: 'instagram' as const } : {};
  if (media.kind === 'url') return { type: media.mediaType, url: media.url, isReusable: true, ...platform };
  return copyWith(platform, {
    type: media.mediaType,
    data: media.data,
    contentType: media.mimeType,
    filename: media.name ?? `${media.mediaType}.${extensionForMimeType(media.mimeType)}`,
    isReusable: true,
  });
}

/** The part of the Graph client uploads need. */
export type UploadGraph = Pick<GraphClient, 'uploadAttachment'>;

/** An attachment id for media, and where it came from. */
export interface UploadedId {
  readonly attachmentId: string;
  /** True when it was reused from the store (no upload now). */
  readonly reused: boolean;
  /** The store key it is kept under. */
  readonly key: string;
}

/** Settings of an {@link UploadCache}. */
export interface UploadCacheSettings {
  /** How long an id is reused. */
  readonly ttlMs: number;
  /** The clock, epoch ms. */
  readonly now: () => number;
}

/**
 * Gives the `attachment_id` of media for an account: the stored one when there is one, else a new
 * upload (stored for {@link UploadCacheSettings.ttlMs}). Uploads of the same media that run at the
 * same time in this process share one upload.
 *
 * @example
 * ```ts
 * const cache = new UploadCache({ ttlMs: DEFAULT_UPLOAD_TTL_MS, now: Date.now });
 * const { attachmentId } = await cache.idFor(media, pageId, store, graph);
 * ```
 */
export class UploadCache {
  /** Uploads in flight in this process, by store key (not shared state: it only joins concurrent calls). */
  private readonly inFlight = new Map<string, Promise<UploadedId>>();

  constructor(private readonly settings: UploadCacheSettings) {}

  /**
   * The id of `media` for `accountId`.
   *
   * @param fresh upload even when an id is stored, dropping it (after Meta refused the stored one).
   * @param channelId the account's platform (`instagram` uploads carry `platform: 'instagram'`).
   * @throws the upload's error (`ATTACHMENT_REJECTED`, `GRAPH_ERROR`, ...) or the store's.
   */
  async idFor(
    media: OutboundMedia,
    accountId: string,
    store: StateStore,
    graph: UploadGraph,
    fresh = false,
    channelId: MessengerChannelId = 'facebook',
  ): Promise<UploadedId> {
    const key = uploadKey(accountId, media);
    if (fresh) await store.delete(key);
    else {
      const stored = await store.get<UploadRecord>(key);
      if (stored !== undefined && typeof stored.attachmentId === 'string') {
        return { attachmentId: stored.attachmentId, reused: true, key };
      }
    }
    const running = this.inFlight.get(key);
    if (running !== undefined) return running;
    const upload = this.upload(media, accountId, key, store, graph, channelId).finally(() =>
      this.inFlight.delete(key),
    );
    this.inFlight.set(key, upload);
    return upload;
  }

  private async upload(
    media: OutboundMedia,
    accountId: string,
    key: string,
    store: StateStore,
    graph: UploadGraph,
    channelId: MessengerChannelId,
  ): Promise<UploadedId> {
    const attachmentId = await graph.uploadAttachment(accountId, uploadInputOf(media, channelId));
    const record: UploadRecord = { attachmentId, uploadedAt: this.settings.now() };
    await store.set(key, record, this.settings.ttlMs);
    return { attachmentId, reused: false, key };
  }
}

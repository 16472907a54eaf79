/**
 * What the middleware does when Meta refuses a media send: a stored `attachment_id` Meta no longer
 * accepts (Graph 100/2018074) is dropped, the media uploaded again once, and the message sent with the
 * new id; media by URL that Meta could not fetch, found too large or of the wrong type (2018008,
 * 2018047, 2018109, 2018294) goes out as a link when `onRejected` is `'link'`. When Meta refuses a
 * set of images sent in one message (`attachments[]`) for such a reason, the images go out one per
 * message, each with this recovery. A `SendInterceptor`;
 * no botbuilder class here.
 *
 * @module
 */
import { GraphApiError } from '../../adapter/errors';
import type { GraphClient } from '../../adapter/graph/graphClient';
import type { SendApiBody, SendInterceptor, SendOperation, SendResult } from '../../adapter/sendPipeline';
import type { StateStore } from '../../adapter/state/stateStore';
import type { OutboundMedia, UrlMedia } from './outboundMedia';
import { linkLine, type RejectedAttachmentPolicy } from './rejection';
import type { UploadCache } from './uploadCache';
import { copyWith } from '../../adapter/copyWith';

/** Graph subcode of "invalid attachment id, or you do not own the attachment". */
export const STALE_ATTACHMENT_ID_SUBCODE = 2018074;

/** Graph subcodes after which media by URL is worth sending as a link. */
export const LINKABLE_SUBCODES: ReadonlySet<number> = new Set([2018008, 2018047, 2018109, 2018294]);

/** What one turn sent: uploaded ids (and the media behind them) and media sent by URL. */
export interface MediaLedger {
  /** attachment_id -> its media, store key, whether it came from the store, and its replacement once re-uploaded. */
  readonly ids: Map<string, LedgerEntry>;
  /** URL -> media sent by that URL. */
  readonly urls: Map<string, UrlMedia>;
}

/** An uploaded id used in this turn. */
export interface LedgerEntry {
  readonly media: OutboundMedia;
  /** Its key in the store. */
  readonly key: string;
  /** It came from the store (uploaded in an earlier turn, or by another instance). */
  readonly reused: boolean;
  /** The id uploaded in its place after Meta refused it. */
  replacement?: string;
}

/** A new, empty {@link MediaLedger}. */
export function newMediaLedger(): MediaLedger {
  return { ids: new Map(), urls: new Map() };
}

/** The `attachment.payload` of a Send API body, when it has one. */
export function attachmentPayloadOf(body: SendApiBody): Record<string, unknown> | undefined {
  const attachment = body.message?.attachment as { payload?: unknown } | undefined;
  const payload = attachment?.payload;
  return typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : undefined;
}

/** `body` sending `attachmentId` instead of its attachment's payload. */
export function withAttachmentId(body: SendApiBody, attachmentId: string): SendApiBody {
  const message = body.message ?? {};
  const attachment = (message.attachment ?? {}) as Record<string, unknown>;
  return copyWith(body, {
    message: copyWith(message, { attachment: copyWith(attachment, { payload: { attachment_id: attachmentId } }) }),
  });
}

/** `body` sending the text `line` instead of its attachment (quick replies and metadata stay). */
export function withLinkText(body: SendApiBody, line: string): SendApiBody {
  const { attachment: _dropped, ...rest } = body.message ?? {};
  return copyWith(body, { message: copyWith(rest, { text: line }) });
}

/** What the recovery interceptor works with. */
export interface SendRecoveryDeps {
  readonly graph: Pick<GraphClient, 'sendMessage' | 'uploadAttachment'>;
  readonly store: StateStore;
  readonly uploads: UploadCache;
  readonly onRejected: RejectedAttachmentPolicy;
  readonly ledger: MediaLedger;
}

async function sendDirect(deps: SendRecoveryDeps, op: SendOperation, body: SendApiBody): Promise<SendResult> {
  const result = await deps.graph.sendMessage(op.accountId, body);
  return {
    messageId: result.messageId,
    ...(result.recipientId === undefined ? {} : { recipientId: result.recipientId }),
  };
}

/**
 * The interceptor. Register it innermost (last), so that its one resend takes the place of the
 * Graph call that failed: the resend goes straight to Graph, as `next` would have.
 */
export function sendRecoveryInterceptor(deps: SendRecoveryDeps): SendInterceptor {
  return async (original, next) => {
    const op = withReplacement(original, deps.ledger);
    try {
      return await next(op);
    } catch (error) {
      if (!(error instanceof GraphApiError) || op.kind !== 'message') throw error;
      const images = imageSetOf(op.body);
      if (images === undefined) return recover(deps, op, error);
      if (!images.some((item) => recoverable(deps, item, error))) throw error;
      // Meta refused one image of a set (attachments[]): send them one by one, each with its own recovery.
      let first: SendResult | undefined;
      for (const item of images) {
        const single = withReplacement(singleImageOp(op, item), deps.ledger);
        const result = await sendDirect(deps, single, single.body).catch((cause: unknown) => {
          if (!(cause instanceof GraphApiError)) throw cause;
          return recover(deps, single, cause);
        });
        first ??= result;
      }
      return first ?? {};
    }
  };
}

/** The recovery of one single-attachment message Meta refused with `error`, or `error` again. */
async function recover(deps: SendRecoveryDeps, op: SendOperation, error: GraphApiError): Promise<SendResult> {
  const payload = attachmentPayloadOf(op.body);
  if (payload === undefined) throw error;
  const id = typeof payload.attachment_id === 'string' ? payload.attachment_id : undefined;
  const entry = id === undefined ? undefined : deps.ledger.ids.get(id);
  if (error.graphSubcode === STALE_ATTACHMENT_ID_SUBCODE && entry !== undefined) {
    if (!entry.reused) {
      // Uploaded just now and refused anyway: do not keep it, do not loop.
      await deps.store.delete(entry.key);
      throw error;
    }
    const fresh = await deps.uploads.idFor(entry.media, op.accountId, deps.store, deps.graph, true, op.channelId);
    entry.replacement = fresh.attachmentId;
    deps.ledger.ids.set(fresh.attachmentId, { media: entry.media, key: fresh.key, reused: false });
    return sendDirect(deps, op, withAttachmentId(op.body, fresh.attachmentId));
  }
  const url = typeof payload.url === 'string' ? payload.url : undefined;
  const media = url === undefined ? undefined : deps.ledger.urls.get(url);
  if (
    deps.onRejected === 'link' &&
    media !== undefined &&
    error.graphSubcode !== undefined &&
    LINKABLE_SUBCODES.has(error.graphSubcode)
  ) {
    return sendDirect(deps, op, withLinkText(op.body, linkLine({ name: media.name, url: media.url })));
  }
  throw error;
}

type ImageItem = { type: string; payload: Record<string, unknown> };

/** The images of an `attachments[]` message (several images in one message), when it is one. */
function imageSetOf(body: SendApiBody): ImageItem[] | undefined {
  const items = body.message?.attachments;
  return Array.isArray(items) ? (items as ImageItem[]) : undefined;
}

/** Whether the recovery could do something for `item` after `error`. */
function recoverable(deps: SendRecoveryDeps, item: ImageItem, error: GraphApiError): boolean {
  const { attachment_id: id, url } = item.payload;
  if (error.graphSubcode === STALE_ATTACHMENT_ID_SUBCODE) return typeof id === 'string' && deps.ledger.ids.has(id);
  return deps.onRejected === 'link' && typeof url === 'string' && deps.ledger.urls.has(url);
}

/** `op` sending one image of its set as a single attachment (quick replies and metadata stay). */
function singleImageOp(op: SendOperation, item: ImageItem): SendOperation {
  const { attachments: _set, ...rest } = op.body.message ?? {};
  return copyWith(op, { body: copyWith(op.body, { message: copyWith(rest, { attachment: item }) }) });
}

/** `op` with an id Meta refused earlier in this turn replaced by its re-upload (no second refusal). */
function withReplacement(op: SendOperation, ledger: MediaLedger): SendOperation {
  if (op.kind !== 'message') return op;
  const id = attachmentPayloadOf(op.body)?.attachment_id;
  const replacement = typeof id === 'string' ? ledger.ids.get(id)?.replacement : undefined;
  return replacement === undefined ? op : copyWith(op, { body: withAttachmentId(op.body, replacement) });
}

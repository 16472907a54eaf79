/**
 * `AttachmentMiddleware`: the middleware shell (botbuilder and Agents SDK alike) around the attachment policies (inboundMedia,
 * limits, outboundPlan, uploadCache, linkSplit, sendRecovery).
 *
 * @module
 */
import type { PlainActivity, PlainAttachment } from '../../adapter/activity';
import { GraphApiError, MessengerError } from '../../adapter/errors';
import type { MessengerChannelId } from '../../adapter/platform';
import { addSendInterceptor } from '../../adapter/sendPipeline';
import type { StateStore } from '../../adapter/state/stateStore';
import type { MessengerTurnContext, TurnActivity, TurnResourceResponse } from '../../adapter/turnContext';
import type { PolicyMiddleware } from '../../adapter/core/policyChain';
import { getMessengerTurnInfo, type MessengerTurnInfo } from '../../adapter/turnInfo';
import {
  type AttachmentMiddlewareOptions,
  type ResolvedAttachmentOptions,
  resolveAttachmentOptions,
} from './attachmentOptions';
import { type HeadFacts, lookupHead } from './headLookup';
import { isOnHosts, normalizeInbound, thumbsUpTextFor } from './inboundMedia';
import { type AttachmentSlot, splitAtLinks } from './linkSplit';
import { outboundMediaOf } from './outboundMedia';
import { type AttachmentPlan, planMedia, uploadedAttachment } from './outboundPlan';
import { attachmentRejectedError, linkLine } from './rejection';
import { LINKABLE_SUBCODES, type MediaLedger, newMediaLedger, sendRecoveryInterceptor } from './sendRecovery';
import { UploadCache } from './uploadCache';

/** What the middleware keeps about the current turn. */
interface AttachmentTurn {
  readonly info: MessengerTurnInfo;
  readonly store: StateStore;
  readonly ledger: MediaLedger;
  /** The recovery interceptor has been registered (once per turn, innermost). */
  recovering: boolean;
}

/** One outgoing activity this middleware changes, and the activities it becomes. */
interface Rewrite {
  readonly index: number;
  readonly pieces: PlainActivity[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

/** True when `channelData.attachment` (any layer) replaces the activity's attachments on the way out. */
function hasAttachmentOverride(channelData: unknown): boolean {
  if (!isRecord(channelData)) return false;
  return [channelData, channelData.facebook, channelData.instagram].some(
    (layer) => isRecord(layer) && layer.attachment !== undefined && layer.attachment !== null,
  );
}

function needsWork(activity: TurnActivity): boolean {
  return (
    (activity.type ?? 'message') === 'message' &&
    Array.isArray(activity.attachments) &&
    activity.attachments.length > 0 &&
    !hasAttachmentOverride(activity.channelData)
  );
}

/**
 * Makes attachments work the way botbuilder bots expect, in both directions.
 *
 * **Inbound** (before the bot runs; `channelData`, the raw event, is never changed):
 * every Messenger / Instagram attachment is one Bot Framework attachment, in order, with a real MIME
 * `contentType`, the media URL as `contentUrl`, and a `name`; the raw attachment stays in `content`.
 *
 * | Messenger / Instagram | `contentType` | `content` |
 * |---|---|---|
 * | image, video, audio, file | from the URL's file name (`.jpg` -> `image/jpeg`, `.gif` -> `image/gif`, `.mp3` -> `audio/mpeg`, `.pdf` -> `application/pdf`), else (option `headLookup`) from a HEAD request, else `image/jpeg`, `video/mp4`, `audio/mp4`, `application/octet-stream` | the raw attachment |
 * | sticker (legacy `image` + `sticker_id`, and the 2026 `sticker` form: one attachment) | `image/png` | `{ type: 'sticker', sticker_id, isThumbsUp, payload }` |
 * | location, fallback link, template | `application/vnd.messenger.<kind>` | the raw attachment |
 * | IG `story_mention`, `ig_reel`, `ig_post`, `share`, ... | `application/vnd.instagram.<kind>` | the raw attachment |
 * | IG story reply (`reply_to.story`) | `application/vnd.instagram.story_reply` | `reply_to.story` |
 *
 * Media without a file name in the URL get a name from the type (`<asset_id>.jpg` for Instagram).
 * The thumbs-up sticker is marked (`content.isThumbsUp`; test it with `isThumbsUp(attachment)`); with `thumbsUpText` a
 * message that is only a thumbs-up also gets that `text`, so a prompt reads it as "yes".
 * Meta's CDN URLs expire after hours or days: download what you must keep soon. Instagram story media
 * (mentions, replies) must not be stored under Meta's terms; keep the URL only.
 *
 * **Outbound** (every `sendActivity` of the turn):
 * - media by http(s) `contentUrl` goes out as `image` / `video` / `audio` / `file` by its MIME type;
 * - inline media (`content` = Buffer / Uint8Array, or a `data:` URI) is uploaded with the Attachment
 *   Upload API (multipart) and sent by `attachment_id`; ids are kept in the store by content hash
 *   (option `uploadUrls`: also by URL), so sending the same media again costs no upload. A stored id
 *   Meta no longer accepts (Graph 2018074) is dropped and the media uploaded again, once;
 * - limits (25 MB; Instagram images 8 MB; Instagram types png / jpeg / gif, aac / m4a / wav / mp4, mp4 / ogg /
 *   avi / mov / webm, PDF) are checked before any call; an attachment over a limit or of an unsupported
 *   type, or one Meta refuses to fetch, goes out as the line `<name>: <url>` (`onRejected: 'link'`,
 *   the default) or rejects the send with `ATTACHMENT_REJECTED` (`'reject'`; also inline data, which
 *   has no URL). Nothing is dropped silently;
 * - several attachments in one activity become several messages, in order, except consecutive images,
 *   which go out together in one message (up to 30 on Messenger, 10 on Instagram).
 *
 * Needs the turn info a `MessengerAdapter` sets; on other adapters it does nothing.
 *
 * @example
 * ```ts
 * adapter.use(new AttachmentMiddleware({ headLookup: true, thumbsUpText: 'yes' }));
 *
 * // an AttachmentPrompt that takes JPEG photos only
 * dialogs.add(new AttachmentPrompt('photo', async (prompt) =>
 *   prompt.recognized.succeeded && prompt.recognized.value!.every((a) => a.contentType === 'image/jpeg')));
 *
 * // sending a generated chart: uploaded once, then reused
 * await context.sendActivity({ attachments: [{ contentType: 'image/png', name: 'chart.png', content: pngBuffer }] });
 * ```
 */
export class AttachmentMiddleware implements PolicyMiddleware {
  /** Which of the package's policies this is: one runs per adapter, and it replaces the default one. */
  readonly policyKind = 'attachments' as const;
  private readonly options: ResolvedAttachmentOptions;
  private readonly uploads: UploadCache;

  /**
   * @param options See {@link AttachmentMiddlewareOptions}. Invalid options throw a `MessengerError`
   *   with code `CONFIG_INVALID` naming the option.
   */
  constructor(options?: AttachmentMiddlewareOptions) {
    this.options = resolveAttachmentOptions(options);
    this.uploads = new UploadCache({ ttlMs: this.options.uploadTtlMs, now: this.options.now });
  }

  /** Normalizes the inbound attachments, then handles the media of every send of the turn. */
  async onTurn(context: MessengerTurnContext, next: () => Promise<void>): Promise<void> {
    const info = getMessengerTurnInfo(context);
    if (info === undefined) {
      // Not a MessengerAdapter turn (another channel, a TestAdapter): nothing to do.
      await next();
      return;
    }
    const store = this.options.store ?? info.store;
    await this.normalize(context.activity as PlainActivity, store);
    const turn: AttachmentTurn = { info, store, ledger: newMediaLedger(), recovering: false };
    context.onSendActivities((ctx, activities, nextSend) => this.onSend(ctx, turn, activities, nextSend));
    await next();
  }

  /** Inbound: real types, names, thumbs-up text. */
  private async normalize(activity: PlainActivity, store: StateStore): Promise<void> {
    const attachments = activity.attachments;
    if (activity.type !== 'message' || attachments === undefined || attachments.length === 0) return;
    const { headLookup, headHosts, headTimeoutMs, headCacheTtlMs } = this.options;
    const lookup = headLookup
      ? (url: string) =>
          lookupHead(url, store, {
            timeoutMs: headTimeoutMs,
            cacheTtlMs: headCacheTtlMs,
            allow: (target) => isOnHosts(target, headHosts),
          })
      : undefined;
    // New objects in a new array: the mapping's objects (and the raw event in content) stay as they are.
    activity.attachments = await normalizeInbound(attachments, lookup, (url) => isOnHosts(url, headHosts));
    const text = thumbsUpTextFor(activity.text, activity.attachments, this.options.thumbsUpText);
    if (text !== undefined) activity.text = text;
  }

  /** onSendActivities: checks, uploads and rewrites the media of the batch, then sends it. */
  private async onSend(
    context: MessengerTurnContext,
    turn: AttachmentTurn,
    activities: TurnActivity[],
    next: () => Promise<TurnResourceResponse[]>,
  ): Promise<TurnResourceResponse[]> {
    const indexes = activities.flatMap((activity, index) => (needsWork(activity) ? [index] : []));
    if (indexes.length === 0) return next();

    // 1. Decide every attachment of the batch; refuse before anything is uploaded or sent.
    const plans = new Map<number, AttachmentPlan[]>();
    for (const index of indexes) {
      const activity = activities[index] as PlainActivity;
      const channelId = this.channelOf(activity, turn.info);
      const planned: AttachmentPlan[] = [];
      for (const attachment of activity.attachments ?? []) {
        planned.push(await this.plan(attachment, channelId, turn.store));
      }
      plans.set(index, planned);
    }
    for (const planned of plans.values()) {
      for (const plan of planned) {
        if (plan.action !== 'refuse') continue;
        if (this.options.onRejected === 'reject' || plan.rejected.url === undefined) {
          throw attachmentRejectedError(plan.rejected, plan.violation, this.options.onRejected);
        }
      }
    }

    // 2. Upload (or reuse) and rewrite.
    const rewrites: Rewrite[] = [];
    for (const index of indexes) {
      const activity = activities[index] as PlainActivity;
      const accountId = activity.from?.id || turn.info.accountId;
      const slots: AttachmentSlot[] = [];
      const channelId = this.channelOf(activity, turn.info);
      for (const plan of plans.get(index) ?? []) slots.push(await this.slotOf(plan, accountId, channelId, turn));
      rewrites.push({ index, pieces: splitAtLinks(activity, slots) });
    }

    // 3. Send, with the recovery interceptor innermost.
    if (!turn.recovering) {
      turn.recovering = true;
      addSendInterceptor(
        context,
        sendRecoveryInterceptor({
          graph: turn.info.graph,
          store: turn.store,
          uploads: this.uploads,
          onRejected: this.options.onRejected,
          ledger: turn.ledger,
        }),
      );
    }
    return this.sendRewritten(activities, rewrites, next);
  }

  /** The platform an outgoing activity goes to. */
  private channelOf(activity: PlainActivity, info: MessengerTurnInfo): MessengerChannelId {
    return activity.channelId === 'facebook' || activity.channelId === 'instagram'
      ? activity.channelId
      : info.channelId;
  }

  private async plan(
    attachment: PlainAttachment,
    channelId: MessengerChannelId,
    store: StateStore,
  ): Promise<AttachmentPlan> {
    const media = outboundMediaOf(attachment);
    let facts: HeadFacts | undefined;
    if (media?.kind === 'url' && this.options.checkUrls) {
      facts = await lookupHead(media.url, store, {
        timeoutMs: this.options.headTimeoutMs,
        cacheTtlMs: this.options.headCacheTtlMs,
      });
    }
    return planMedia(
      attachment,
      media,
      { channelId, limits: this.options.limits, uploadUrls: this.options.uploadUrls },
      facts,
    );
  }

  /** The slot an attachment takes: itself, its uploaded form, or its link line. */
  private async slotOf(
    plan: AttachmentPlan,
    accountId: string,
    channelId: MessengerChannelId,
    turn: AttachmentTurn,
  ): Promise<AttachmentSlot> {
    switch (plan.action) {
      case 'keep':
        return { kind: 'attachment', attachment: plan.attachment };
      case 'send-url':
        turn.ledger.urls.set(plan.media.url, plan.media);
        return { kind: 'attachment', attachment: plan.attachment };
      case 'refuse':
        // Only URL media get here (the rest was rejected before any upload).
        return { kind: 'link', line: linkLine({ name: plan.rejected.name, url: plan.rejected.url ?? '' }) };
      default: {
        const { media } = plan;
        try {
          const uploaded = await this.uploads.idFor(media, accountId, turn.store, turn.info.graph, false, channelId);
          turn.ledger.ids.set(uploaded.attachmentId, { media, key: uploaded.key, reused: uploaded.reused });
          return { kind: 'attachment', attachment: uploadedAttachment(media, uploaded.attachmentId) };
        } catch (error) {
          // No upload API for this account (Instagram Login): media by URL goes out by URL as given.
          if (media.kind === 'url' && MessengerError.is(error, 'NOT_SUPPORTED')) {
            turn.ledger.urls.set(media.url, media);
            return { kind: 'attachment', attachment: plan.attachment };
          }
          // Meta could not take media by URL (fetch failed, too large, wrong type): a link, if allowed.
          // Otherwise the Graph error (ATTACHMENT_REJECTED, with graphSubcode) reaches the caller as is.
          if (media.kind !== 'url' || !isLinkableRefusal(error) || this.options.onRejected === 'reject')
            throw error;
          return { kind: 'link', line: linkLine({ name: media.name, url: media.url }) };
        }
      }
    }
  }

  /**
   * Sends the batch with the rewritten activities in place (one activity may have become several),
   * then restores the batch and answers one response per original activity: the id of the first
   * message it produced.
   */
  private async sendRewritten(
    activities: TurnActivity[],
    rewrites: readonly Rewrite[],
    next: () => Promise<TurnResourceResponse[]>,
  ): Promise<TurnResourceResponse[]> {
    const original = [...activities];
    const byIndex = new Map(rewrites.map((rewrite) => [rewrite.index, rewrite.pieces]));
    const expanded: TurnActivity[] = [];
    const firstOf: number[] = [];
    const countOf: number[] = [];
    original.forEach((activity, index) => {
      const pieces = (byIndex.get(index) as TurnActivity[] | undefined) ?? [activity];
      firstOf.push(expanded.length);
      countOf.push(pieces.length);
      expanded.push(...pieces);
    });
    // botbuilder passes this same array to the adapter: send the rewritten ones, then restore it.
    activities.splice(0, activities.length, ...expanded);
    let sent: TurnResourceResponse[];
    try {
      sent = await next();
    } finally {
      activities.splice(0, activities.length, ...original);
    }
    return original.map((_activity, index) => {
      const group = sent.slice(firstOf[index], (firstOf[index] ?? 0) + (countOf[index] ?? 1));
      return group.find((response) => response?.id) ?? group[0] ?? { id: '' };
    });
  }
}

function isLinkableRefusal(error: unknown): error is GraphApiError {
  return (
    error instanceof GraphApiError &&
    error.code === 'ATTACHMENT_REJECTED' &&
    error.graphSubcode !== undefined &&
    LINKABLE_SUBCODES.has(error.graphSubcode)
  );
}

/**
 * Options of `AttachmentMiddleware`, their defaults and their validation (zod).
 *
 * @module
 */
import { z } from 'zod';
import { MessengerError } from '../../adapter/errors';
import type { StateStore } from '../../adapter/state/stateStore';
import { META_CDN_HOSTS } from './inboundMedia';
import { type AttachmentLimitOverrides, type AttachmentLimits, mergeLimits } from './limits';
import type { RejectedAttachmentPolicy } from './rejection';
import { DEFAULT_UPLOAD_TTL_MS } from './uploadCache';

/** Default of `headTimeoutMs`: 1.5 s. */
export const DEFAULT_HEAD_TIMEOUT_MS = 1500;
/** Default of `headCacheTtlMs`: 24 hours (Meta's media URLs carry a signature and change when re-issued). */
export const DEFAULT_HEAD_CACHE_TTL_MS = 24 * 3600 * 1000;

/** Options of `AttachmentMiddleware`. Every option is optional. */
export interface AttachmentMiddlewareOptions {
  /**
   * Inbound: refine the type of media whose URL names no file (Instagram's
   * `lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=...`) with a HEAD request to Meta's CDN (its
   * `Content-Type`, else its `Content-Disposition` file name). Default `false`: without it such media
   * keep the family default (`image/jpeg`, `video/mp4`, `audio/mp4`, `application/octet-stream`),
   * which is what Meta serves in nearly every case, and a turn never waits for the network. A failed or
   * timed-out request keeps the default and never fails the turn.
   */
  headLookup?: boolean;
  /**
   * Outbound: before sending media by URL, ask the URL with a HEAD request (cached) for its size, to
   * send an oversize file as a link (or reject it) before Meta fetches it, and for its type when the
   * bot gave none. Default `false` (Meta's own refusal is handled the same way, one call later).
   */
  checkUrls?: boolean;
  /** Timeout of each HEAD request, in ms. Default 1500. */
  headTimeoutMs?: number;
  /** How long HEAD answers are kept in the store (by URL hash), in ms. Default 24 hours. */
  headCacheTtlMs?: number;
  /**
   * Hosts inbound HEAD requests may go to (with their subdomains), https only. Default Meta's CDNs:
   * `fbcdn.net`, `fbsbx.com`, `cdninstagram.com`, `facebook.com`, `instagram.com`.
   */
  headHosts?: readonly string[];
  /**
   * An attachment over a limit or of a type the platform does not take (locally checked, or refused
   * by Meta): `'link'` (default) sends the line `<name>: <url>` in its place, as contact-centre tools
   * do; `'reject'` rejects the send with `ATTACHMENT_REJECTED` before anything of the batch is sent.
   * Inline data has no URL, so it is rejected either way. Nothing is ever dropped silently.
   */
  onRejected?: RejectedAttachmentPolicy;
  /**
   * Upload media given by URL once (Attachment Upload API, `is_reusable`) and send the stored
   * `attachment_id` afterwards, so Meta fetches the URL only once per Page. Default `false` (Meta
   * fetches the URL on every send).
   */
  uploadUrls?: boolean;
  /** How long an uploaded `attachment_id` is reused, in ms. Default 30 days. */
  uploadTtlMs?: number;
  /**
   * Override Meta's limits (see `DEFAULT_ATTACHMENT_LIMITS`), per platform and attachment type, e.g.
   * `{ instagram: { image: { mimeTypes: ['image/jpeg', 'image/png', 'image/gif'] } } }`.
   */
  limits?: AttachmentLimitOverrides;
  /**
   * Inbound: a message that is nothing but Messenger's thumbs-up sticker gets this `text` (e.g.
   * `'yes'`), so prompts and recognizers treat it as an answer. Default: none (the sticker is marked
   * with `content.isThumbsUp` only).
   */
  thumbsUpText?: string;
  /** Where upload ids and HEAD answers live. Default: the adapter's store, as each turn carries it. */
  store?: StateStore;
  /** The clock, epoch ms. Default `Date.now`. */
  now?: () => number;
}

/** The options with defaults applied. */
export interface ResolvedAttachmentOptions {
  readonly headLookup: boolean;
  readonly checkUrls: boolean;
  readonly headTimeoutMs: number;
  readonly headCacheTtlMs: number;
  readonly headHosts: readonly string[];
  readonly onRejected: RejectedAttachmentPolicy;
  readonly uploadUrls: boolean;
  readonly uploadTtlMs: number;
  readonly limits: AttachmentLimits;
  readonly thumbsUpText: string | undefined;
  readonly store: StateStore | undefined;
  readonly now: () => number;
}

const positiveMs = (what: string) =>
  z
    .number({ error: `${what} must be a number of milliseconds` })
    .int(`${what} must be a whole number of milliseconds`)
    .positive(`${what} must be greater than 0`);

const mediaLimitSchema = z.strictObject({
  maxBytes: z.number().int().positive().optional(),
  mimeTypes: z
    .union([z.literal('any'), z.array(z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, 'a MIME type'))])
    .optional(),
});
const platformLimitsSchema = z.strictObject({
  image: mediaLimitSchema.optional(),
  video: mediaLimitSchema.optional(),
  audio: mediaLimitSchema.optional(),
  file: mediaLimitSchema.optional(),
});

const storeSchema = z.custom<StateStore>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    ['get', 'set', 'setIfAbsent', 'delete'].every(
      (method) => typeof (value as Record<string, unknown>)[method] === 'function',
    ),
  { error: 'store must be a StateStore (get, set, setIfAbsent, delete), e.g. the adapter’s store' },
);

const optionsSchema = z.strictObject({
  headLookup: z.boolean({ error: 'headLookup must be true or false' }).optional(),
  checkUrls: z.boolean({ error: 'checkUrls must be true or false' }).optional(),
  headTimeoutMs: positiveMs('headTimeoutMs').max(60_000, 'headTimeoutMs must be at most 60000').optional(),
  headCacheTtlMs: positiveMs('headCacheTtlMs').optional(),
  headHosts: z
    .array(z.string().regex(/^[a-z0-9.-]+$/i, 'headHosts must be host names such as fbcdn.net'))
    .optional(),
  onRejected: z.enum(['link', 'reject'], { error: "onRejected must be 'link' or 'reject'" }).optional(),
  uploadUrls: z.boolean({ error: 'uploadUrls must be true or false' }).optional(),
  uploadTtlMs: positiveMs('uploadTtlMs').optional(),
  limits: z
    .strictObject({ facebook: platformLimitsSchema.optional(), instagram: platformLimitsSchema.optional() })
    .optional(),
  thumbsUpText: z.string().min(1, 'thumbsUpText must not be empty').optional(),
  store: storeSchema.optional(),
  now: z
    .custom<() => number>((value) => typeof value === 'function', {
      error: 'now must be a function returning epoch ms',
    })
    .optional(),
});

/**
 * Checks the options and applies the defaults.
 *
 * @throws MessengerError `CONFIG_INVALID` naming each wrong option.
 */
export function resolveAttachmentOptions(
  options: AttachmentMiddlewareOptions | undefined,
): ResolvedAttachmentOptions {
  const parsed = optionsSchema.safeParse(options ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const path = issue.path.map(String).join('.');
      return issue.code === 'unrecognized_keys'
        ? `unknown option(s) ${issue.keys.join(', ')}`
        : `${path === '' ? 'options' : path}: ${issue.message}`;
    });
    throw new MessengerError('CONFIG_INVALID', `AttachmentMiddleware: ${problems.join('; ')}.`);
  }
  const value = parsed.data;
  return {
    headLookup: value.headLookup ?? false,
    checkUrls: value.checkUrls ?? false,
    headTimeoutMs: value.headTimeoutMs ?? DEFAULT_HEAD_TIMEOUT_MS,
    headCacheTtlMs: value.headCacheTtlMs ?? DEFAULT_HEAD_CACHE_TTL_MS,
    headHosts: value.headHosts ?? META_CDN_HOSTS,
    onRejected: value.onRejected ?? 'link',
    uploadUrls: value.uploadUrls ?? false,
    uploadTtlMs: value.uploadTtlMs ?? DEFAULT_UPLOAD_TTL_MS,
    limits: mergeLimits(value.limits as AttachmentLimitOverrides | undefined),
    thumbsUpText: value.thumbsUpText,
    store: value.store,
    // Read Date.now at call time, so a clock installed later (sinon fake timers) is seen.
    now: value.now ?? (() => Date.now()),
  };
}

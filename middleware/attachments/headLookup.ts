/**
 * HEAD requests that tell a media URL's type, size and file name, with a short timeout and a cache
 * in the {@link StateStore} (by URL hash, so no URL is stored). Inbound, they refine the type of
 * Instagram media whose URLs name no file; outbound, they check a URL's size before Meta fetches it.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import axios from 'axios';
import { MessengerError } from '../../adapter/errors';
import { stateKeys } from '../../adapter/state/keys';
import type { StateStore } from '../../adapter/state/stateStore';
import { fileNameFromDisposition } from './fileNames';
import { bareMimeType } from './limits';
import { isPublicHttpUrl, publicOnlyLookup } from './publicUrl';

/** What a HEAD answer said about a URL (each fact only when the answer gave it). */
export interface HeadFacts {
  /** The bare MIME type of `Content-Type`. */
  contentType?: string;
  /** `Content-Length`, in bytes. */
  size?: number;
  /** The file name of `Content-Disposition`. */
  fileName?: string;
}

/** Key names of this middleware in the StateStore (besides `stateKeys.upload`). */
export const attachmentKeys = {
  /** HEAD facts of a URL, by the SHA-256 of the URL. */
  head: stateKeys.mediaHead,
} as const;

/** The SHA-256 of a string, hex. */
export function sha256Hex(value: string | Uint8Array): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Reads the facts a HEAD answer's headers give. Header names are lower case (as axios gives them). */
export function headFactsOf(headers: Readonly<Record<string, unknown>>): HeadFacts {
  const facts: HeadFacts = {};
  const type = headers['content-type'];
  if (typeof type === 'string') {
    const mime = bareMimeType(type);
    if (/^[a-z0-9][\w.+-]*\/[\w.+-]+$/.test(mime)) facts.contentType = mime;
  }
  const length = headers['content-length'];
  const size =
    typeof length === 'number' ? length : typeof length === 'string' ? Number(length.trim()) : Number.NaN;
  if (Number.isSafeInteger(size) && size >= 0) facts.size = size;
  const disposition = headers['content-disposition'];
  const fileName = typeof disposition === 'string' ? fileNameFromDisposition(disposition) : undefined;
  if (fileName !== undefined) facts.fileName = fileName;
  return facts;
}

/** Redirects a HEAD request follows at most. */
const MAX_REDIRECTS = 3;

/**
 * One HEAD request, aborted after `timeoutMs` (a timer, so tests can drive it with fake timers).
 * Follows up to 3 redirects, each only if `allow` accepts its target (a redirect to another scheme,
 * host or a private address is not followed); a non-public address is never connected to, even
 * behind a public-looking name. Sends no credentials.
 *
 * @param allow - the URLs that may be asked, checked for `url` and for every redirect target.
 * @throws the axios error when the request fails, times out or answers other than 2xx or 3xx, and a
 *   `MessengerError` `ATTACHMENT_REJECTED` when `url` or a redirect target is not allowed.
 */
export async function headRequest(
  url: string,
  timeoutMs: number,
  allow: (url: string) => boolean = isPublicHttpUrl,
): Promise<HeadFacts> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  (timer as { unref?: () => void }).unref?.();
  try {
    let current = url;
    for (let redirects = 0; ; redirects++) {
      if (!allow(current) || !isPublicHttpUrl(current)) {
        throw new MessengerError(
          'ATTACHMENT_REJECTED',
          'The HEAD lookup target (or a redirect) is not an allowed public http(s) URL; it was not requested.',
        );
      }
      const response = await axios.head(current, {
        signal: controller.signal,
        maxRedirects: 0,
        decompress: false,
        lookup: publicOnlyLookup,
        validateStatus: (status) => status >= 200 && status < 400,
      });
      const location = response.headers.location as unknown;
      if (response.status < 300) return headFactsOf(response.headers as Record<string, unknown>);
      if (typeof location !== 'string' || redirects >= MAX_REDIRECTS) {
        throw new MessengerError(
          'ATTACHMENT_REJECTED',
          `The HEAD lookup was redirected without a usable target, or more than ${MAX_REDIRECTS} times (HTTP ${response.status}).`,
        );
      }
      current = new URL(location, current).toString();
    }
  } finally {
    clearTimeout(timer);
  }
}

/** How {@link lookupHead} runs. */
export interface HeadLookupSettings {
  /** Abort the request after this long. */
  readonly timeoutMs: number;
  /** Keep answers this long in the store. */
  readonly cacheTtlMs: number;
  /** The URLs that may be asked (also every redirect target); default: any public http(s) URL. */
  readonly allow?: (url: string) => boolean;
}

/**
 * The HEAD facts of `url`: from the store when a recent answer is cached, else from a HEAD request
 * (cached on success). A failed, refused or timed-out request gives `undefined` (the caller keeps
 * what it knew) and is not cached, so a later turn asks again. A failing store rejects
 * (`STORE_UNAVAILABLE`), as everywhere in the package.
 */
export async function lookupHead(
  url: string,
  store: StateStore,
  settings: HeadLookupSettings,
): Promise<HeadFacts | undefined> {
  const key = attachmentKeys.head(sha256Hex(url));
  const cached = await store.get<HeadFacts>(key);
  if (cached !== undefined) return cached;
  let facts: HeadFacts;
  try {
    facts = await headRequest(url, settings.timeoutMs, settings.allow);
  } catch {
    // By design: the type stays the one the file name or family gave, and the turn goes on.
    return undefined;
  }
  await store.set(key, facts, settings.cacheTtlMs);
  return facts;
}

/**
 * Shared fixtures of the Graph client tests (not a test file itself).
 */
import { createHmac } from 'node:crypto';
import nock from 'nock';
import type sinon from 'sinon';
import { GraphClient } from '../../adapter/graph/graphClient';
import type { GraphClientOptions } from '../../adapter/graph/options';

export const GRAPH = 'https://graph.facebook.com';
export const APP_SECRET = 'f3c1a9d0e2b84c6b9a7d5e4f3c2b1a09';
export const PAGE_TOKEN = 'EAAGm0PX4ZCpsBAMZBzZCtestPageToken0123456789abcdefZDZD';
export const PAGE_ID = '370873143344730';
export const PSID = '6780462125377510';
export const IGSID = '17841405822304914';
export const PAGE_INBOX = '263902037430900';

/** hex HMAC-SHA256(APP_SECRET, token), computed independently of the client. */
export function proofOf(token: string): string {
  return createHmac('sha256', APP_SECRET).update(token).digest('hex');
}

export const PAGE_PROOF = proofOf(PAGE_TOKEN);

/** A client on the default Graph URL and version with the single Page token. */
export function newClient(overrides: Partial<GraphClientOptions> = {}): GraphClient {
  return new GraphClient({ appSecret: APP_SECRET, accessToken: PAGE_TOKEN, ...overrides });
}

/** A Graph error envelope as Meta sends it. */
export function graphError(
  code: number,
  subcode: number | undefined,
  message: string,
  extra: Record<string, unknown> = {},
): { error: Record<string, unknown> } {
  return {
    error: {
      message,
      type: 'OAuthException',
      code,
      ...(subcode !== undefined ? { error_subcode: subcode } : {}),
      fbtrace_id: 'AbCdEfGhIjK_123',
      ...extra,
    },
  };
}

/**
 * Lets in-process I/O (nock replies) and zero-delay timers run, without advancing fake time, until
 * `condition` holds. nock answers after a few milliseconds of real time, so the bound is real time
 * (`performance` is never faked here), not a number of event-loop rounds.
 */
export async function until(
  condition: () => boolean,
  clock?: sinon.SinonFakeTimers,
  limitMs = 2_000,
): Promise<void> {
  const started = performance.now();
  while (performance.now() - started < limitMs) {
    if (condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
    if (clock) await clock.tickAsync(0);
  }
  if (!condition()) throw new Error(`condition not met after letting I/O run for ${limitMs} ms`);
}

/** Settles `promise` while letting in-process I/O run (fake time does not advance). */
export async function settle<T>(promise: Promise<T>, clock?: sinon.SinonFakeTimers): Promise<T> {
  let done = false;
  const tracked = promise.finally(() => {
    done = true;
  });
  tracked.catch(() => undefined);
  await until(() => done, clock);
  return tracked;
}

/** The rejection of `promise` (fails when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the promise to reject');
}

/** Parses a multipart/form-data body into its parts. */
export function parseMultipart(
  contentType: string,
  body: string,
): { name: string; filename?: string; contentType?: string; value: string }[] {
  const boundary = /boundary=(.+)$/.exec(contentType)?.[1];
  if (!boundary) throw new Error(`no boundary in ${contentType}`);
  return body
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((raw) => {
      const part = raw.replace(/^\r\n/, '').replace(/\r\n$/, '');
      const split = part.indexOf('\r\n\r\n');
      const head = part.slice(0, split);
      const value = part.slice(split + 4);
      const name = /name="([^"]+)"/.exec(head)?.[1] ?? '';
      const filename = /filename="([^"]+)"/.exec(head)?.[1];
      const type = /Content-Type: (.+)/i.exec(head)?.[1]?.trim();
      return {
        name,
        value,
        ...(filename !== undefined ? { filename } : {}),
        ...(type !== undefined ? { contentType: type } : {}),
      };
    });
}

/**
 * A fresh {@link newClient} per test (read it through the returned getter), closed with nock's
 * interceptors cleaned after each.
 */
export function useClient(): () => GraphClient {
  let client: GraphClient | undefined;
  beforeEach(() => {
    client = newClient();
  });
  afterEach(() => {
    client?.close();
    nock.cleanAll();
  });
  return () => {
    if (client === undefined) throw new Error('useClient(): no client outside a test');
    return client;
  };
}

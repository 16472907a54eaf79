/**
 * The sandbox's graph.instagram.com: Instagram-Login accounts answer there with their Instagram user
 * tokens, and only there. As on Meta, a Page token sent to the Instagram host, or an Instagram token
 * sent to graph.facebook.com, cannot be parsed (190), and the Instagram host has no attachment
 * upload and no thread control.
 *
 * @module
 */
import type { Account } from '../world/types';
import { graphErrors } from './graphErrors';

/** Which Graph host a router plays. */
export type GraphHost = 'facebook' | 'instagram';

/** Where the Instagram host is mounted on the sandbox server (its `instagramGraphApiUrl`). */
export const INSTAGRAM_HOST_PATH = '/instagram';

/** Edges graph.instagram.com does not offer (answered as unknown paths there). */
const FACEBOOK_ONLY_EDGES: ReadonlySet<string> = new Set([
  'message_attachments',
  'pass_thread_control',
  'take_thread_control',
  'request_thread_control',
  'release_thread_control',
  'extend_thread_control',
  'thread_owner',
]);

/** True when `edge` exists on `host`. */
export function hostHasEdge(host: GraphHost, edge: string): boolean {
  return host === 'facebook' || !FACEBOOK_ONLY_EDGES.has(edge);
}

/**
 * The accounts a token may act for on `host`: Instagram-Login accounts on the Instagram host, every
 * other account on the Facebook host. None left: the token is not one this host can parse (190).
 */
export function accountsOnHost(accounts: Account[], host: GraphHost): Account[] {
  const usable = accounts.filter((account) => (account.login === 'instagram') === (host === 'instagram'));
  if (usable.length === 0) throw graphErrors.invalidToken();
  return usable;
}

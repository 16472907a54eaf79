/**
 * What graph.instagram.com lacks compared with graph.facebook.com: such calls for an Instagram-Login
 * account fail with `NOT_SUPPORTED` before any request, naming what to use instead.
 *
 * @module
 */
import { MessengerError } from '../errors';

const THREAD_CONTROL =
  'is not documented for Instagram Login: conversation routing (handover to the Instagram Inbox or another app) ' +
  'needs the Facebook Page linked to the Instagram account and its Page token. Connect this account with Facebook ' +
  'Login to hand conversations over, or keep the hand-off to people inside your own app.';

/** The last path segment (the edge) and why graph.instagram.com cannot serve it. */
const UNSUPPORTED_EDGES: Readonly<Record<string, string>> = {
  message_attachments:
    'Attachment upload exists only on graph.facebook.com (for Instagram accounts linked to a Facebook Page). ' +
    'For an Instagram-Login account, send media by URL: { attachment: { type, payload: { url } } }.',
  pass_thread_control: `pass_thread_control ${THREAD_CONTROL}`,
  take_thread_control: `take_thread_control ${THREAD_CONTROL}`,
  request_thread_control: `request_thread_control ${THREAD_CONTROL}`,
  release_thread_control: `release_thread_control ${THREAD_CONTROL}`,
  extend_thread_control: `extend_thread_control ${THREAD_CONTROL}`,
  thread_owner: `thread_owner ${THREAD_CONTROL}`,
};

/**
 * The `NOT_SUPPORTED` error for a call graph.instagram.com does not offer, or `undefined` when it does.
 *
 * @example
 * ```ts
 * instagramLoginLimitation('/me/message_attachments', '17841400000000002')?.code; // 'NOT_SUPPORTED'
 * ```
 */
export function instagramLoginLimitation(path: string, accountId: string): MessengerError | undefined {
  const edge = path.split('/').filter((part) => part !== '').pop() ?? '';
  const reason = UNSUPPORTED_EDGES[edge];
  if (reason === undefined) return undefined;
  return new MessengerError('NOT_SUPPORTED', `Account ${accountId} uses Instagram Login. ${reason}`, {
    details: { accountId, path },
  });
}

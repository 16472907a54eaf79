/**
 * How the adapter learns which accounts use Instagram Login, and marks their activities: entries of a
 * webhook POST signed with the Instagram app secret alone, and conversation references whose
 * `serviceUrl` is the Instagram-Login host. Marked activities carry that `serviceUrl`, so a stored
 * reference routes a proactive send correctly in a fresh process.
 *
 * @module
 */
import type { GraphClient } from '../graph/graphClient';
import { parseConversationId } from '../platform';
import type { ProactiveReference } from '../turnContext';
import type { WebhookEventRef } from '../webhook/envelope';
import type { WebhookSigner } from '../webhook/secrets';
import { copyWith } from '../copyWith';

/** What {@link markInstagramLoginEvents} and {@link noteInstagramLoginReference} need. */
export interface InstagramLoginRouting {
  readonly graph: Pick<GraphClient, 'isInstagramLoginAccount' | 'rememberInstagramLoginAccount'>;
  /** The Instagram-Login base URL (`instagramLogin.graphApiUrl`), without a trailing slash. */
  readonly serviceUrl: string;
  /** Receives a store failure while remembering an account (the events are still served). */
  readonly report: (error: unknown) => void;
}

/**
 * Learns the Instagram-Login accounts of a verified batch and sets `serviceUrl` on their events.
 * A POST signed with the Instagram app secret and not the Meta app secret comes from Instagram Login;
 * its `entry[].id`s (the professional accounts' `user_id`) are remembered.
 */
export async function markInstagramLoginEvents(
  events: readonly WebhookEventRef[],
  signedBy: readonly WebhookSigner[],
  routing: InstagramLoginRouting,
): Promise<WebhookEventRef[]> {
  const accounts = [...new Set(events.filter((ref) => ref.channelId === 'instagram').map((ref) => ref.accountId))];
  if (accounts.length === 0) return [...events];
  if (signedBy.includes('instagram') && !signedBy.includes('app')) {
    await Promise.all(accounts.map((id) => remember(routing, id)));
  }
  const instagramLogin = new Set<string>();
  for (const id of accounts) if (await routing.graph.isInstagramLoginAccount(id)) instagramLogin.add(id);
  return events.map((ref) =>
    ref.channelId === 'instagram' && instagramLogin.has(ref.accountId) ? copyWith(ref, { serviceUrl: routing.serviceUrl }) : ref,
  );
}

/**
 * Remembers the account of a stored conversation reference as Instagram Login when its `serviceUrl`
 * is the Instagram-Login host (activities of those accounts carry it).
 */
export async function noteInstagramLoginReference(
  reference: ProactiveReference,
  routing: InstagramLoginRouting,
): Promise<void> {
  // botbuilder names the account `bot`, the Agents SDK `agent`; the conversation id carries it too
  const accountId =
    reference.bot?.id ??
    reference.agent?.id ??
    (reference.conversation?.id ? parseConversationId(reference.conversation.id)?.accountId : undefined);
  if (reference.channelId !== 'instagram' || !accountId) return;
  if ((reference.serviceUrl ?? '').replace(/\/+$/, '') !== routing.serviceUrl) return;
  await remember(routing, accountId);
}

async function remember(routing: InstagramLoginRouting, accountId: string): Promise<void> {
  try {
    await routing.graph.rememberInstagramLoginAccount(accountId);
  } catch (error) {
    routing.report(error);
  }
}

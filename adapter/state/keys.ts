import type { StateStore } from './stateStore';

/**
 * Key names every part of the package uses in the {@link StateStore} (the rate limiter's Redis
 * backend keeps its own `rl:{account}:*` keys under the same prefix). One place, so that several
 * instances (and several middleware) agree on them. Keys are short: the memory store holds one per
 * tracked conversation.
 */
export const stateKeys = {
  /** Last user interaction of a conversation (messaging window). */
  window: (conversationId: string): string => `w:${conversationId}`,
  /** Who controls a conversation (conversation routing / handover). */
  threadOwner: (conversationId: string): string => `o:${conversationId}`,
  /** A webhook event already accepted (redelivery dedupe). */
  dedupe: (accountId: string, eventKey: string): string => `d:${accountId}:${eventKey}`,
  /** An uploaded, reusable attachment id, by content hash or URL hash. */
  upload: (accountId: string, hash: string): string => `u:${accountId}:${hash}`,
  /** HEAD facts (content type, length) of a media URL, by the SHA-256 of the URL. */
  mediaHead: (urlHash: string): string => `m:${urlHash}`,
  /** This app's Meta app id, learnt from its own echoes or thread-control webhooks (handover). */
  selfAppId: (): string => 'ho:self',
  /** A message this app sent (its `mid`), remembered briefly to recognise its echo (handover). */
  sentMessage: (accountId: string, mid: string): string => `hm:${accountId}:${mid}`,
  /** An account that uses Instagram Login (learnt from a webhook or a conversation reference). */
  instagramLogin: (accountId: string): string => `il:${accountId}`,
  /** A person's display name from Meta's user profile API (`from.name`), per account and user. */
  userName: (accountId: string, userId: string): string => `n:${accountId}:${userId}`,
} as const;

/**
 * Who controls a conversation, as the handover middleware records it.
 *
 * - `appId`: the app that owns the thread (`null` when idle / released).
 * - `human`: a person is writing (the Page / Instagram Inbox, or a human agent console built on this
 *   package); messages sent while this is true are human-agent messages for the messaging window.
 * - `since`: epoch ms of the change.
 */
export interface ThreadOwnerRecord {
  appId: string | null;
  human: boolean;
  since: number;
}

/** Reads the {@link ThreadOwnerRecord} of a conversation, if one is stored. */
export async function readThreadOwner(
  store: StateStore,
  conversationId: string,
): Promise<ThreadOwnerRecord | undefined> {
  return store.get<ThreadOwnerRecord>(stateKeys.threadOwner(conversationId));
}

/**
 * Telling this app's own messages from everyone else's.
 *
 * With the adapter's `appId` option set, an echo's `message.app_id` says who sent it. Without it, and on
 * Instagram (whose echoes carry no `app_id`), the middleware remembers the `mid` of every message this
 * app sends for a few minutes: an echo with a remembered `mid` is ours, any other echo was written by
 * someone else (a person in the Inbox or the Instagram app, or another app). The first echo of ours
 * that carries an `app_id` teaches the app id, which is then kept in the store.
 *
 * @module
 */
import { stateKeys } from '../state/keys';
import type { StateStore } from '../state/stateStore';

/** Key names of the handover middleware's own entries (beside `stateKeys.threadOwner`). */
export const handoverKeys = {
  /** This app's Meta app id, learnt from its own echoes or thread-control webhooks. */
  selfAppId: stateKeys.selfAppId,
  /** A message this app sent (its `mid`), remembered to recognise its echo. */
  sentMessage: stateKeys.sentMessage,
} as const;

/** How long a sent `mid` is remembered: echoes arrive within seconds. */
export const SENT_MESSAGE_TTL_MS = 10 * 60 * 1000;

/**
 * The app id learnt in each store, once this process has read or written it. This app's id never
 * changes once known (nothing deletes or replaces `selfAppId` but a learning of the same id), so a
 * value seen once is good for the life of the process: no store read per turn. While it is unknown,
 * nothing is kept, and the store is read every time (another instance may learn it at any moment).
 * Keyed by the store object, so two adapters on two stores (or two bots on one Redis with two
 * prefixes) never share an entry.
 */
const knownSelfAppIds = new WeakMap<StateStore, string>();

/**
 * This app's Meta app id: the configured one, else the one learnt earlier (from this process's memory
 * once seen, else from the store), else `undefined`.
 */
export async function resolveSelfAppId(
  store: StateStore,
  configured: string | undefined,
): Promise<string | undefined> {
  if (configured !== undefined) return configured;
  const known = knownSelfAppIds.get(store);
  if (known !== undefined) return known;
  const stored = await store.get<string>(handoverKeys.selfAppId());
  if (typeof stored === 'string' && stored !== '') knownSelfAppIds.set(store, stored);
  return stored;
}

/**
 * This app's Meta app id when it is known without a store read: configured, or kept in this process
 * since it was read or learnt. `undefined` does not mean unknown (see {@link resolveSelfAppId}).
 */
export function knownSelfAppId(store: StateStore, configured: string | undefined): string | undefined {
  return configured ?? knownSelfAppIds.get(store);
}

/** Remembers this app's app id (only when it was not configured), in the store and in this process. */
export async function learnSelfAppId(store: StateStore, appId: string): Promise<void> {
  await store.set(handoverKeys.selfAppId(), appId);
  knownSelfAppIds.set(store, appId);
}

/**
 * Whether sent `mid`s must be remembered to recognise echoes: always on Instagram (no `app_id` in its
 * echoes), and on Messenger while this app's id is unknown.
 */
export function mustTrackSentMessages(channelId: string, selfAppId: string | undefined): boolean {
  return channelId === 'instagram' || selfAppId === undefined;
}

/** Remembers that this app sent `mid`. */
export async function rememberSentMessage(store: StateStore, accountId: string, mid: string): Promise<void> {
  await store.set(handoverKeys.sentMessage(accountId, mid), 1, SENT_MESSAGE_TTL_MS);
}

/** True when this app sent `mid` in the last {@link SENT_MESSAGE_TTL_MS}. */
export async function wasSentByUs(store: StateStore, accountId: string, mid: string): Promise<boolean> {
  return (await store.get(handoverKeys.sentMessage(accountId, mid))) !== undefined;
}

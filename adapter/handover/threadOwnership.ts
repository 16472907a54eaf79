/**
 * Who controls a conversation, as the handover middleware records it in the {@link StateStore}, and
 * the pure transitions between those states. No botbuilder here: the middleware shell, the adapter's
 * typed helpers and a future Agents SDK shell all use these functions.
 *
 * @module
 */
import { stateKeys, type ThreadOwnerRecord } from '../state/keys';
import type { StateStore } from '../state/stateStore';

/**
 * The record kept under `stateKeys.threadOwner(conversationId)`: the shared {@link ThreadOwnerRecord}
 * (`appId`, `human`, `since`; the messaging-window middleware reads `human`) plus what the handover
 * middleware needs for its timers. Readers that know only {@link ThreadOwnerRecord} ignore the rest.
 */
export interface HandoverRecord extends ThreadOwnerRecord {
  /**
   * Epoch ms of the last sign of life of the people on the thread: a message a human agent sent while
   * the thread was away from the bot (or a refused idle take-back, which restarts the idle timer).
   */
  agentAt?: number;
  /** Epoch ms of the last message the person sent while the thread was away from the bot. */
  userAt?: number;
  /**
   * This app took control (take_thread_control) while its own app id was unknown: the take webhook
   * that follows names this app's id in `new_owner_app_id`, and is learnt from.
   */
  ownTake?: boolean;
}

/**
 * Who may write in a conversation:
 *
 * - `bot`: this app, and its automatic (bot) messages go out (also when the thread is idle);
 * - `agent`: this app, but a human agent writes through it (a contact-centre console built on this
 *   package): the bot's messages are held, messages marked as a human agent's go out;
 * - `app`: another app (the Page / Instagram Inbox, a contact-centre product): this app's messages are
 *   held (Meta would refuse them with 2018300).
 */
export type ThreadController = 'bot' | 'agent' | 'app';

/** App id recorded when Meta said another app owns the thread but not which one. */
export const UNKNOWN_OWNER_APP_ID = 'unknown';

/**
 * How long a record lives without changes. Meta makes a thread idle (back to the default app) 24 hours
 * after the person's last message, so a week-old record says nothing true any more; the expiry keeps
 * the store bounded.
 */
export const RECORD_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** Meta's idle rule: a thread with no message from the person for 24 hours is idle. */
export const THREAD_IDLE_MS = 24 * 60 * 60 * 1000;

/**
 * The {@link ThreadController} of a record. `selfAppId` is this app's Meta app id when known; an
 * `appId` of `null` always means this app (or an idle thread, which the bot may use).
 *
 * @example
 * ```ts
 * controllerOf(undefined, '111'); // 'bot'
 * controllerOf({ appId: '263902037430900', human: true, since: 0 }, '111'); // 'app'
 * controllerOf({ appId: '111', human: true, since: 0 }, '111'); // 'agent'
 * ```
 */
export function controllerOf(
  record: ThreadOwnerRecord | undefined,
  selfAppId: string | undefined,
): ThreadController {
  if (record === undefined) return 'bot';
  const ours = record.appId === null || (selfAppId !== undefined && record.appId === selfAppId);
  if (!ours) return 'app';
  return record.human ? 'agent' : 'bot';
}

/** A record saying this app's bot has the thread. */
export function botRecord(selfAppId: string | undefined, now: number, ownTake = false): HandoverRecord {
  return { appId: selfAppId ?? null, human: false, since: now, ...(ownTake ? { ownTake: true } : {}) };
}

/** A record saying a human agent writes through this app (the bot is held). */
export function agentRecord(selfAppId: string | undefined, now: number): HandoverRecord {
  return { appId: selfAppId ?? null, human: true, since: now, agentAt: now };
}

/**
 * A record saying another app owns the thread. Another app is taken to be people (the inboxes and
 * contact-centre products are why threads are passed), so `human` is true.
 */
export function appRecord(appId: string, now: number): HandoverRecord {
  return { appId, human: true, since: now };
}

/** A record of an idle (released) thread: nobody owns it, the default app (normally the bot) may write. */
export function idleRecord(now: number): HandoverRecord {
  return { appId: null, human: false, since: now };
}

/**
 * The `handoff.status` a change of controller means for the bot: `accepted` when the thread leaves the
 * bot (an agent or another app took it), `completed` when it comes back, nothing otherwise (for
 * example the Page Inbox taking over from a contact-centre app).
 */
export function statusForChange(
  before: ThreadController,
  after: ThreadController,
): 'accepted' | 'completed' | undefined {
  if (before === after) return undefined;
  if (before === 'bot') return 'accepted';
  if (after === 'bot') return 'completed';
  return undefined;
}

/**
 * When the people on the thread last showed life: the later of the change of owner and the last
 * agent message. The idle take-back counts from here.
 */
export function lastAgentActivity(record: HandoverRecord): number {
  return Math.max(record.since, record.agentAt ?? 0);
}

/**
 * True when Meta has made the thread idle by now: no message from the person for 24 hours (counted
 * from their last message seen while the thread was away, or from the change of owner).
 */
export function isIdleByMeta(record: HandoverRecord, now: number): boolean {
  return now - Math.max(record.since, record.userAt ?? 0) >= THREAD_IDLE_MS;
}

/** Reads the {@link HandoverRecord} of a conversation. */
export async function readHandoverRecord(
  store: StateStore,
  conversationId: string,
): Promise<HandoverRecord | undefined> {
  return store.get<HandoverRecord>(stateKeys.threadOwner(conversationId));
}

/** Stores the {@link HandoverRecord} of a conversation (with {@link RECORD_TTL_MS}). */
export async function writeHandoverRecord(
  store: StateStore,
  conversationId: string,
  record: HandoverRecord,
): Promise<void> {
  await store.set(stateKeys.threadOwner(conversationId), record, RECORD_TTL_MS);
}

/**
 * Thread-control calls that keep the recorded owner right: each calls the Graph API and updates the
 * {@link HandoverRecord} of the conversation. The handover middleware uses them for the bot's handoff
 * events; the adapter exposes them as typed helpers (`adapter.passThreadControl(reference, ...)`).
 *
 * They throw what Graph throws (a `GraphApiError`), after recording what a `NOT_THREAD_OWNER` refusal
 * (2018300, 100/2534037) says: another app owns the thread.
 *
 * @module
 */
import { MessengerError } from '../errors';
import type { GraphClient } from '../graph/graphClient';
import {
  conversationIdOf,
  inboxAppId,
  type MessengerChannelId,
  parseConversationId,
} from '../platform';
import type { StateStore } from '../state/stateStore';
import { truncateMetadata } from './metadata';
import { knownSelfAppId, resolveSelfAppId } from './selfApp';
import {
  appRecord,
  botRecord,
  controllerOf,
  type HandoverRecord,
  idleRecord,
  readHandoverRecord,
  statusForChange,
  type ThreadController,
  UNKNOWN_OWNER_APP_ID,
  writeHandoverRecord,
} from './threadOwnership';

/** The Graph calls thread control needs (the adapter's `GraphClient` has them). */
export type ThreadControlGraph = Pick<
  GraphClient,
  | 'passThreadControl'
  | 'takeThreadControl'
  | 'requestThreadControl'
  | 'releaseThreadControl'
  | 'extendThreadControl'
  | 'getThreadOwner'
>;

/** What the thread-control functions work with: the adapter's Graph client and store, and this app's id. */
export interface ThreadControlDeps {
  readonly graph: ThreadControlGraph;
  readonly store: StateStore;
  /** This app's Meta app id (the adapter's `appId` option); learnt from the store when absent. */
  readonly appId?: string | undefined;
  /** Clock (epoch ms); default `Date.now`. */
  readonly now?: () => number;
}

/** One conversation: the platform, the Page / Instagram account and the person. */
export interface ThreadRef {
  readonly channelId: MessengerChannelId;
  readonly accountId: string;
  readonly userId: string;
}

/** The result of a thread-control call. */
export interface ThreadControlOutcome {
  /** Who controlled the thread before the call. */
  readonly before: ThreadController;
  /** Who controls it now. */
  readonly after: ThreadController;
  /** The stored record now. */
  readonly record: HandoverRecord;
  /** The `handoff.status` state this change means for the bot (`accepted` / `completed`), if any. */
  readonly status: 'accepted' | 'completed' | undefined;
}

/**
 * The {@link ThreadRef} of a conversation reference or an activity (inbound or outgoing): its
 * `channelId` and `conversation.id` (`${userId}-${accountId}`).
 *
 * @throws MessengerError `CONFIG_INVALID` when it is not a Messenger / Instagram conversation.
 *
 * @example
 * ```ts
 * const ref = threadRefOf(TurnContext.getConversationReference(context.activity));
 * ```
 */
export function threadRefOf(reference: {
  channelId?: string;
  conversation?: { id?: string } | undefined;
}): ThreadRef {
  const channelId = reference.channelId;
  const parsed = reference.conversation?.id ? parseConversationId(reference.conversation.id) : undefined;
  if ((channelId !== 'facebook' && channelId !== 'instagram') || parsed === undefined) {
    throw new MessengerError(
      'CONFIG_INVALID',
      'Thread control needs a Messenger or Instagram conversation: pass a reference stored with ' +
        'TurnContext.getConversationReference(activity) from a MessengerAdapter turn.',
    );
  }
  return { channelId, accountId: parsed.accountId, userId: parsed.userId };
}

/** The conversation id of a {@link ThreadRef} (`${userId}-${accountId}`). */
export function conversationIdOfRef(ref: ThreadRef): string {
  return conversationIdOf(ref.userId, ref.accountId);
}

/** A conversation's recorded control, as {@link readThreadControl} reads it. */
export interface ThreadState {
  /** Who controls the thread. */
  readonly controller: ThreadController;
  /** The stored record (`undefined`: never recorded, the bot's). */
  readonly record: HandoverRecord | undefined;
  /** This app's Meta app id, configured or learnt. */
  readonly selfAppId: string | undefined;
}

/**
 * The controller of a conversation as recorded (no Graph call).
 *
 * @example
 * ```ts
 * const { controller } = await readThreadControl(deps, ref);
 * if (controller === 'app') console.log('an agent is on it');
 * ```
 */
export async function readThreadControl(deps: ThreadControlDeps, ref: ThreadRef): Promise<ThreadState> {
  // Two independent reads, issued together: one round trip on an auto-pipelined Redis connection.
  const [selfAppId, record] = await Promise.all([
    resolveSelfAppId(deps.store, deps.appId),
    readHandoverRecord(deps.store, conversationIdOfRef(ref)),
  ]);
  return { controller: controllerOf(record, selfAppId), record, selfAppId };
}

/** Who controls a conversation for a send, as {@link readControllerForSend} reads it. */
export interface SendControl {
  /** Who controls the thread. */
  readonly controller: ThreadController;
  /** This app's Meta app id when known (configured, kept in memory, or read for this decision), else `undefined`. */
  readonly selfAppId: string | undefined;
}

/**
 * The controller of a conversation, for a send (no Graph call): one read of the record. This app's
 * id is read as well only when the decision depends on it, that is when the record names an app (is
 * it this one?) and the id is not known in this process yet; then in a second read, after the record,
 * so an id learnt by another instance before it wrote a record naming this app is seen. The decision
 * is the same as {@link readThreadControl}'s.
 */
export async function readControllerForSend(deps: ThreadControlDeps, ref: ThreadRef): Promise<SendControl> {
  const known = knownSelfAppId(deps.store, deps.appId);
  const record = await readHandoverRecord(deps.store, conversationIdOfRef(ref));
  if (known !== undefined || record === undefined || record.appId === null) {
    return { controller: controllerOf(record, known), selfAppId: known };
  }
  const selfAppId = await resolveSelfAppId(deps.store, deps.appId);
  return { controller: controllerOf(record, selfAppId), selfAppId };
}

/**
 * Passes the thread to `targetAppId` (default: the Page Inbox on Messenger, the Instagram Inbox on
 * Instagram) and records it as owned by that app. `metadata` is cut to Meta's limit.
 *
 * @throws GraphApiError when Graph refuses (`NOT_THREAD_OWNER` also records that another app owns the thread).
 *
 * @example
 * ```ts
 * await passThreadControl({ graph: adapter.graph, store: adapter.store, appId }, ref, undefined, 'billing');
 * ```
 */
export async function passThreadControl(
  deps: ThreadControlDeps,
  ref: ThreadRef,
  targetAppId?: string,
  metadata?: string,
): Promise<ThreadControlOutcome> {
  const target = targetAppId ?? inboxAppId(ref.channelId);
  const state = await readThreadControl(deps, ref);
  await guard(deps, ref, () =>
    deps.graph.passThreadControl(ref.accountId, ref.userId, target, capMetadata(metadata)),
  );
  return applyRecord(deps, ref, state, appRecord(target, clock(deps)));
}

/**
 * Takes the thread back for the bot. When a human agent of this app holds it (the `agent`
 * controller), no Graph call is needed: the record alone changes. Otherwise Meta's
 * `take_thread_control` is called (it needs this app to be the Page's default app).
 *
 * @throws GraphApiError when Graph refuses.
 */
export async function takeThreadControl(
  deps: ThreadControlDeps,
  ref: ThreadRef,
  metadata?: string,
): Promise<ThreadControlOutcome> {
  const state = await readThreadControl(deps, ref);
  const now = clock(deps);
  if (state.controller === 'agent') return applyRecord(deps, ref, state, botRecord(state.selfAppId, now));
  await guard(deps, ref, () =>
    deps.graph.takeThreadControl(ref.accountId, ref.userId, capMetadata(metadata)),
  );
  return applyRecord(deps, ref, state, botRecord(state.selfAppId, now, state.selfAppId === undefined));
}

/**
 * Asks the app that owns the thread to pass it to this app. Nothing changes until it does (a pass
 * webhook follows).
 *
 * @throws GraphApiError when Graph refuses.
 */
export async function requestThreadControl(
  deps: ThreadControlDeps,
  ref: ThreadRef,
  metadata?: string,
): Promise<void> {
  await guard(deps, ref, () =>
    deps.graph.requestThreadControl(ref.accountId, ref.userId, capMetadata(metadata)),
  );
}

/**
 * Releases the thread: it becomes idle and the Page's default app answers next (normally the bot).
 *
 * @throws GraphApiError when Graph refuses.
 */
export async function releaseThreadControl(
  deps: ThreadControlDeps,
  ref: ThreadRef,
  metadata?: string,
): Promise<ThreadControlOutcome> {
  const state = await readThreadControl(deps, ref);
  await guard(deps, ref, () =>
    deps.graph.releaseThreadControl(ref.accountId, ref.userId, capMetadata(metadata)),
  );
  return applyRecord(deps, ref, state, idleRecord(clock(deps)));
}

/**
 * Keeps thread control for `durationSeconds` more (1 second to 7 days). The record is unchanged.
 *
 * @throws GraphApiError when Graph refuses; MessengerError `CONFIG_INVALID` for a bad duration.
 */
export async function extendThreadControl(
  deps: ThreadControlDeps,
  ref: ThreadRef,
  durationSeconds: number,
): Promise<void> {
  await guard(deps, ref, () => deps.graph.extendThreadControl(ref.accountId, ref.userId, durationSeconds));
}

/**
 * Asks Graph who owns the thread (`GET /me/thread_owner`) and records the answer: an idle thread or
 * this app is the bot's (a human agent of this app keeps it), any other app owns it. Without a known
 * app id of this app, an owner that is not the recorded one cannot be told from this app and is
 * recorded as another app (the bot stays quiet rather than talk over a person).
 */
export async function refreshThreadOwner(
  deps: ThreadControlDeps,
  ref: ThreadRef,
): Promise<ThreadControlOutcome> {
  const state = await readThreadControl(deps, ref);
  const owner = await deps.graph.getThreadOwner(ref.accountId, ref.userId);
  const now = clock(deps);
  if (owner === undefined) {
    return state.controller === 'app' ? applyRecord(deps, ref, state, idleRecord(now)) : unchanged(state);
  }
  if (state.selfAppId !== undefined && owner === state.selfAppId) {
    return state.controller === 'app'
      ? applyRecord(deps, ref, state, botRecord(owner, now))
      : unchanged(state);
  }
  if (state.controller === 'app' && state.record?.appId === owner) return unchanged(state);
  return applyRecord(deps, ref, state, appRecord(owner, now));
}

/**
 * Records that Meta refused a call of this app with `NOT_THREAD_OWNER`: another app owns the thread
 * (the one already recorded, else an unknown one). Returns the change.
 */
export async function recordNotThreadOwner(
  deps: ThreadControlDeps,
  ref: ThreadRef,
): Promise<ThreadControlOutcome> {
  const state = await readThreadControl(deps, ref);
  if (state.controller === 'app') return unchanged(state);
  return applyRecord(deps, ref, state, appRecord(UNKNOWN_OWNER_APP_ID, clock(deps)));
}

async function guard(deps: ThreadControlDeps, ref: ThreadRef, call: () => Promise<void>): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (MessengerError.is(error, 'NOT_THREAD_OWNER')) await recordNotThreadOwner(deps, ref);
    throw error;
  }
}

/**
 * Stores `next` as the conversation's record and reports the change from `state` (read before).
 * The building block of every transition, also used by the middleware for webhooks and echoes.
 */
export async function applyRecord(
  deps: ThreadControlDeps,
  ref: ThreadRef,
  state: ThreadState,
  next: HandoverRecord,
): Promise<ThreadControlOutcome> {
  await writeHandoverRecord(deps.store, conversationIdOfRef(ref), next);
  const after = controllerOf(next, state.selfAppId);
  return { before: state.controller, after, record: next, status: statusForChange(state.controller, after) };
}

function unchanged(state: ThreadState): ThreadControlOutcome {
  const current = state.record ?? botRecord(state.selfAppId, 0);
  return { before: state.controller, after: state.controller, record: current, status: undefined };
}

function clock(deps: ThreadControlDeps): number {
  return (deps.now ?? Date.now)();
}

function capMetadata(metadata: string | undefined): string | undefined {
  return metadata === undefined ? undefined : truncateMetadata(metadata);
}

/**
 * What every part of a handover turn shares: the turn's facts, the resolved options, the hooks into
 * the shell, and the way a change of thread owner becomes a `handoff.status` event.
 *
 * @module
 */
import type { PlainActivity } from '../../adapter/activity';
import { MessengerError } from '../../adapter/errors';
import type { MessengerChannelId } from '../../adapter/platform';
import type { StateStore } from '../../adapter/state/stateStore';
import type { TurnSource } from '../../adapter/turnInfo';
import {
  createHandoffStatus,
  type HandoffConversation,
  type HandoffState,
  type HandoffTrigger,
} from '../../adapter/handover/handoffEvents';
import {
  applyRecord,
  passThreadControl,
  type ThreadControlDeps,
  type ThreadControlGraph,
  type ThreadControlOutcome,
  type ThreadRef,
  type ThreadState,
} from '../../adapter/handover/threadControl';
import { type HandoverRecord, type ThreadController, UNKNOWN_OWNER_APP_ID } from '../../adapter/handover/threadOwnership';

/** A thread-control request from another app, as the request hook sees it. */
export interface ThreadControlRequest {
  /** The app that asks for the thread (`requested_owner_app_id`). */
  readonly requestedOwnerAppId: string | undefined;
  /** The `metadata` it sent. */
  readonly metadata: string | undefined;
  /** Who controls the thread now (`bot` or `agent`: a request reaches the owner). */
  readonly controller: ThreadController;
}

/** The turn facts the policy needs: `MessengerTurnInfo` of a turn that concerns one person. */
export interface HandoverEnv {
  readonly channelId: MessengerChannelId;
  readonly accountId: string;
  readonly userId: string;
  readonly conversationId: string;
  readonly source: TurnSource;
  readonly store: StateStore;
  readonly graph: ThreadControlGraph;
  readonly appId: string | undefined;
  readonly dispatch: (activity: PlainActivity) => void;
}

/** The resolved options of the policy. */
export interface HandoverPolicy {
  /** Target of `handoff.initiate`; default the channel's inbox. */
  readonly targetAppId: string | undefined;
  readonly handoffMetadata:
    | ((handoffContext: unknown, activity: PlainActivity) => string | undefined)
    | undefined;
  /** True when the person's text asks for the bot back. */
  readonly isTakeBackKeyword: (text: string) => boolean;
  /** Take the thread back after the agent was idle this long (ms); `undefined`: never. */
  readonly takeBackAfterIdleMs: number | undefined;
  /** A human agent writing through this app holds the bot's messages. */
  readonly pauseBotOnHumanAgent: boolean;
  readonly now: () => number;
}

/** Callbacks into the shell (they carry the botbuilder context). */
export interface HandoverHooks {
  /** An outgoing activity of the bot was held back (not sent, never will be). */
  readonly onHeldMessage: (activity: PlainActivity) => Promise<void>;
  /** Another app asks for the thread: resolve true to pass it. */
  readonly onThreadControlRequest: (request: ThreadControlRequest) => Promise<boolean>;
}

/** The shared part of one handover turn (see `HandoverTurn`): its facts, options, hooks and statuses. */
export class TurnCore {
  readonly deps: ThreadControlDeps;
  readonly ref: ThreadRef;
  private readonly conversation: HandoffConversation;

  constructor(
    readonly env: HandoverEnv,
    readonly policy: HandoverPolicy,
    readonly hooks: HandoverHooks,
  ) {
    this.deps = { graph: env.graph, store: env.store, appId: env.appId, now: policy.now };
    this.ref = { channelId: env.channelId, accountId: env.accountId, userId: env.userId };
    this.conversation = {
      channelId: env.channelId,
      accountId: env.accountId,
      userId: env.userId,
      conversationId: env.conversationId,
    };
  }

  /** Passes the thread; `accepted` once Graph accepts (the webhook that follows adds nothing). */
  async pass(targetAppId: string, metadata: string | undefined, trigger: HandoffTrigger): Promise<void> {
    try {
      await passThreadControl(this.deps, this.ref, targetAppId, metadata);
    } catch (error) {
      this.fail(error, trigger);
      return;
    }
    this.emit('accepted', undefined, { trigger, ownerAppId: targetAppId });
  }

  /** Runs a thread-control call: its change of controller becomes a status, a refusal a `failed`. */
  async attempt(
    trigger: HandoffTrigger,
    call: () => Promise<ThreadControlOutcome | undefined>,
  ): Promise<boolean> {
    let outcome: ThreadControlOutcome | undefined;
    try {
      outcome = await call();
    } catch (error) {
      this.fail(error, trigger);
      return false;
    }
    if (outcome) this.emitChange(outcome, trigger, undefined);
    return true;
  }

  /** A refused thread-control call becomes a `failed` status; anything but a MessengerError is a bug and thrown. */
  fail(error: unknown, trigger: HandoffTrigger): void {
    if (!(error instanceof MessengerError)) throw error;
    this.emit('failed', error.message, { trigger, errorCode: error.code });
  }

  /** Stores `next` for this conversation and reports the change from `state`. */
  apply(state: ThreadState, next: HandoverRecord): Promise<ThreadControlOutcome> {
    return applyRecord(this.deps, this.ref, state, next);
  }

  /** Sends the bot the `handoff.status` a change of controller means (`accepted` / `completed`), if any. */
  emitChange(
    outcome: ThreadControlOutcome,
    trigger: HandoffTrigger,
    message: string | undefined,
    ownerAppId?: string,
  ): void {
    if (outcome.status === undefined) return;
    const owner = ownerAppId ?? (outcome.after === 'app' ? (outcome.record.appId ?? undefined) : undefined);
    this.emit(outcome.status, message, {
      trigger,
      ...(owner !== undefined && owner !== UNKNOWN_OWNER_APP_ID ? { ownerAppId: owner } : {}),
    });
  }

  /** Sends the bot a `handoff.status` event (a follow-up turn queued behind this one). */
  emit(
    state: HandoffState,
    message: string | undefined,
    details: { trigger: HandoffTrigger; ownerAppId?: string; errorCode?: string },
  ): void {
    this.env.dispatch(createHandoffStatus(this.conversation, state, message, details, this.policy.now()));
  }
}

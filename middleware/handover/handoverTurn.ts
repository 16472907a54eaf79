/**
 * The handover policy of one turn, free of botbuilder: what an inbound activity changes in the
 * recorded thread owner ({@link InboundRouting}), which outgoing activities are held back or carried
 * out as thread-control calls, and which `handoff.status` events the bot receives. `HandoverMiddleware`
 * is a thin shell around it.
 *
 * @module
 */
import type { PlainActivity } from '../../adapter/activity';
import { MessengerError } from '../../adapter/errors';
import type { SendApiBody, SendInterceptor, SendOperation, SendResult } from '../../adapter/sendPipeline';
import { readThreadControlCommand, type ThreadControlCommand } from '../../adapter/handover/handoffEvents';
import { isHumanAgentActivity } from '../../adapter/handover/humanAgent';
import { type InboundOutcome, InboundRouting } from './inboundRouting';
import { mustTrackSentMessages, rememberSentMessage, resolveSelfAppId } from '../../adapter/handover/selfApp';
import {
  readControllerForSend,
  readThreadControl,
  recordNotThreadOwner,
  releaseThreadControl,
  requestThreadControl,
  takeThreadControl,
} from '../../adapter/handover/threadControl';
import { agentRecord, appRecord, idleRecord, UNKNOWN_OWNER_APP_ID } from '../../adapter/handover/threadOwnership';
import { type HandoverEnv, type HandoverHooks, type HandoverPolicy, TurnCore } from './turnCore';
import { copyWith } from '../../adapter/copyWith';

export type { InboundOutcome } from './inboundRouting';
export type { HandoverEnv, HandoverHooks, HandoverPolicy, ThreadControlRequest } from './turnCore';

/** The answer for an outgoing activity that was not sent (held back, or a thread-control event). */
const NOT_SENT = { id: '' } as const;

/** Which outgoing activity a Graph send belongs to (the send interceptor reads it). */
interface SendScope {
  readonly humanAgent: boolean;
  /**
   * This app's id as known at the activity's owner check, just before its sends (`undefined` when it
   * was not known, or not needed for that check). It decides whether a sent `mid` must be remembered:
   * an id learnt since can only make that record unneeded, never missing, so no read after the send.
   */
  readonly selfAppId: string | undefined;
  /** Meta refused a send of this activity with NOT_THREAD_OWNER: the rest of it is held too. */
  held: boolean;
}

/**
 * The key under which an outgoing activity carries the {@link SendScope} of its sends to the send
 * interceptor (`SendOperation.activity`). A symbol key is not serialized and not enumerated by
 * `Object.keys`, and the copies middleware make of an activity (spread, `Object.assign`) keep it.
 */
const SEND_SCOPE: unique symbol = Symbol('botbuilder-adapter-messenger.handoverSendScope');

/** An outgoing activity tagged with the scope of its sends. */
type ScopedActivity = PlainActivity & { readonly [SEND_SCOPE]?: SendScope };

/**
 * The handover policy of one turn.
 *
 * @example
 * ```ts
 * const turn = new HandoverTurn(env, policy, hooks);
 * const { presentAsStandby } = await turn.inbound(activity);
 * addSendInterceptor(context, turn.interceptor);
 * const responses = await turn.outgoing(activities, (one) => sendThroughAdapter(one));
 * ```
 */
export class HandoverTurn {
  /** Wraps every Graph send of the turn: a 2018300 refusal holds the message and records the owner. */
  readonly interceptor: SendInterceptor;

  private readonly core: TurnCore;
  private readonly inboundRouting: InboundRouting;
  /** The scopes of the outgoing activities whose sends are under way (more than one when the bot sends concurrently). */
  private readonly inFlight = new Set<SendScope>();

  constructor(env: HandoverEnv, policy: HandoverPolicy, hooks: HandoverHooks) {
    this.core = new TurnCore(env, policy, hooks);
    this.inboundRouting = new InboundRouting(this.core);
    this.interceptor = (op, next) => this.intercept(op, next);
  }

  /**
   * Starts the store read {@link HandoverTurn.inbound} will need for `activity`, so that it can leave
   * with other turn-start commands; resolves when it is done (`undefined`: nothing to read).
   */
  startInbound(activity: PlainActivity): Promise<void> | undefined {
    return this.inboundRouting.start(activity);
  }

  /** Applies what an inbound activity says about the thread owner (see {@link InboundRouting}). */
  inbound(activity: PlainActivity): Promise<InboundOutcome> {
    return this.inboundRouting.route(activity);
  }

  /**
   * Handles the outgoing activities of one `sendActivities` call, in order: thread-control events are
   * carried out, the bot's messages are held while it does not control the thread, the rest goes
   * through `sendOne`. Returns one response per activity (`{ id: '' }` when nothing was sent).
   */
  async outgoing(
    activities: readonly PlainActivity[],
    sendOne: (activity: PlainActivity) => Promise<{ id: string }>,
  ): Promise<{ id: string }[]> {
    const responses: { id: string }[] = [];
    for (const activity of activities) {
      responses.push(await this.outgoingOne(activity, sendOne));
    }
    return responses;
  }

  private async outgoingOne(
    activity: PlainActivity,
    sendOne: (activity: PlainActivity) => Promise<{ id: string }>,
  ): Promise<{ id: string }> {
    const command = readThreadControlCommand(activity, this.core.env.channelId, {
      targetAppId: this.core.policy.targetAppId,
      ...(this.core.policy.handoffMetadata ? { handoffMetadata: this.core.policy.handoffMetadata } : {}),
    });
    if (command) {
      await this.runCommand(command);
      return { ...NOT_SENT };
    }
    const type = activity.type ?? 'message';
    if (type !== 'message' && type !== 'typing') return sendOne(activity);
    const humanAgent = isHumanAgentActivity(activity);
    // Read again for every message: a person may have taken the thread since the turn began.
    const control = await readControllerForSend(this.core.deps, this.core.ref);
    if (!humanAgent && control.controller !== 'bot') {
      await this.core.hooks.onHeldMessage(activity);
      return { ...NOT_SENT };
    }
    const scope: SendScope = { humanAgent, selfAppId: control.selfAppId, held: false };
    this.inFlight.add(scope);
    let response: { id: string };
    try {
      // a tagged copy: the bot's own activity object is left as it was
      response = await sendOne(copyWith(activity, { [SEND_SCOPE]: scope }));
    } finally {
      this.inFlight.delete(scope);
    }
    if (scope.held) {
      await this.core.hooks.onHeldMessage(activity);
      return response;
    }
    if (humanAgent && type === 'message') await this.afterHumanAgentMessage();
    return response;
  }

  // ----- outgoing: thread-control events -------------------------------------------------------

  private async runCommand(command: ThreadControlCommand): Promise<void> {
    switch (command.kind) {
      case 'pass':
        await this.core.pass(command.targetAppId, command.metadata, 'pass');
        return;
      case 'take':
        await this.core.attempt('take', () =>
          takeThreadControl(this.core.deps, this.core.ref, command.metadata),
        );
        return;
      case 'release':
        await this.core.attempt('release', () =>
          releaseThreadControl(this.core.deps, this.core.ref, command.metadata),
        );
        return;
      case 'request':
        await this.core.attempt('request', async () => {
          await requestThreadControl(this.core.deps, this.core.ref, command.metadata);
          return undefined;
        });
        return;
    }
  }

  private async afterHumanAgentMessage(): Promise<void> {
    if (!this.core.policy.pauseBotOnHumanAgent) return;
    const state = await readThreadControl(this.core.deps, this.core.ref);
    const now = this.core.policy.now();
    if (state.controller === 'agent' && state.record) {
      await this.core.apply(state, copyWith(state.record, { agentAt: now }));
      return;
    }
    // The send went through, so this app controls the thread: a person of ours writes now.
    const outcome = await this.core.apply(state, agentRecord(state.selfAppId, now));
    this.core.emitChange(outcome, 'agent', undefined);
  }

  // ----- outgoing: every Graph send ------------------------------------------------------------

  private async intercept(
    op: SendOperation,
    next: (op: SendOperation) => Promise<SendResult>,
  ): Promise<SendResult> {
    const scope = this.scopeOf(op);
    if (scope?.held) return {};
    let result: SendResult;
    try {
      result = await next(op);
    } catch (error) {
      if (!MessengerError.is(error, 'NOT_THREAD_OWNER')) throw error;
      const outcome = await recordNotThreadOwner(this.core.deps, this.core.ref);
      this.core.emitChange(outcome, 'send', undefined);
      // A human agent's message is never dropped silently: the console learns it did not go out.
      // A send outside TurnContext.sendActivities cannot be reported to onHeldMessage: it rejects too.
      if (scope === undefined || scope.humanAgent) throw error;
      scope.held = true;
      return {};
    }
    await this.afterSend(op, result, scope);
    return result;
  }

  /**
   * The outgoing activity a Graph send belongs to: the scope its activity carries, when the middleware
   * after this one kept the tag (copies keep it); else the one activity whose sends are under way;
   * else none (a send outside `TurnContext.sendActivities`, or a middleware that rebuilt the activity
   * while the bot sent several at once): its refusal then rejects rather than being held.
   */
  private scopeOf(op: SendOperation): SendScope | undefined {
    const tagged = (op.activity as ScopedActivity | undefined)?.[SEND_SCOPE];
    if (tagged !== undefined && this.inFlight.has(tagged)) return tagged;
    return this.inFlight.size === 1 ? this.inFlight.values().next().value : undefined;
  }

  private async afterSend(op: SendOperation, result: SendResult, scope: SendScope | undefined): Promise<void> {
    if (result.messageId) {
      const selfAppId = scope !== undefined ? scope.selfAppId : await resolveSelfAppId(this.core.env.store, this.core.env.appId);
      if (mustTrackSentMessages(this.core.env.channelId, selfAppId)) {
        await rememberSentMessage(this.core.env.store, this.core.env.accountId, result.messageId);
      }
    }
    const control = op.body.thread_control as SendApiBody['thread_control'];
    if (control === undefined) return;
    // A message that carried thread control (Send API `thread_control`): the owner changed with it.
    const state = await readThreadControl(this.core.deps, this.core.ref);
    const now = this.core.policy.now();
    if (control.control_type === 'pass') {
      await this.core.apply(state, appRecord(control.app_id ?? UNKNOWN_OWNER_APP_ID, now));
      this.core.emit('accepted', undefined, {
        trigger: 'pass',
        ...(control.app_id ? { ownerAppId: control.app_id } : {}),
      });
      return;
    }
    this.core.emitChange(await this.core.apply(state, idleRecord(now)), 'release', undefined);
  }
}

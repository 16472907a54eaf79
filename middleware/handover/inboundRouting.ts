/**
 * What an inbound activity changes in the recorded thread owner: thread-control webhooks, echoes of
 * messages this app did not send, standby deliveries, and the person's messages while people have
 * the thread (take-back keyword, idle timers, Meta's 24-hour idle rule).
 *
 * @module
 */
import type { PlainActivity } from '../../adapter/activity';
import { INSTAGRAM_INBOX_APP_ID, inboxAppId, PAGE_INBOX_APP_ID } from '../../adapter/platform';
import type { HandoffTrigger } from '../../adapter/handover/handoffEvents';
import { type HandoverSignal, type InboundSignal, readInboundSignal } from './inboundSignals';
import { learnSelfAppId, mustTrackSentMessages, wasSentByUs } from '../../adapter/handover/selfApp';
import { applyRecord, readThreadControl, type ThreadState, takeThreadControl } from '../../adapter/handover/threadControl';
import {
  appRecord,
  botRecord,
  type HandoverRecord,
  idleRecord,
  isIdleByMeta,
  lastAgentActivity,
  UNKNOWN_OWNER_APP_ID,
} from '../../adapter/handover/threadOwnership';
import type { TurnCore } from './turnCore';
import { copyWith } from '../../adapter/copyWith';

/** What the shell must do with the inbound activity. */
export interface InboundOutcome {
  /**
   * True when a message reached this app on `messaging` although another app owns the thread (Meta's
   * default routing delivers to every app): the bot must see it as it would on standby, as a
   * `messenger.standby` event, not as a message to answer.
   */
  readonly presentAsStandby: boolean;
}

/** How long after our own take a take webhook is taken as its confirmation (to learn our app id). */
const OWN_TAKE_CONFIRMATION_MS = 60_000;

/** What {@link InboundRouting.start} read ahead for one activity. */
interface StartedRoute {
  readonly activity: PlainActivity;
  readonly signal: InboundSignal;
  /** The thread state, read when the signal concerns the owner. */
  readonly state: Promise<ThreadState> | undefined;
}

/** Applies inbound activities of one turn to the recorded thread owner. */
export class InboundRouting {
  private started: StartedRoute | undefined;

  constructor(private readonly core: TurnCore) {}

  /**
   * Starts the read {@link InboundRouting.route} needs for `activity` (the thread state, when the
   * activity says something about the owner), so that it leaves with the other policies' turn-start
   * commands. Resolves when the read is done; `undefined` when there is nothing to read.
   */
  start(activity: PlainActivity): Promise<void> | undefined {
    const signal = readInboundSignal(activity, this.core.env.source, this.core.policy.now());
    const state = signal.kind === 'none' ? undefined : readThreadControl(this.core.deps, this.core.ref);
    this.started = { activity, signal, state };
    return state?.then(() => undefined);
  }

  /**
   * Applies what an inbound activity says about the thread owner, from the state read by
   * {@link InboundRouting.start} for this activity (read once, at the start of the turn), else read now.
   */
  async route(activity: PlainActivity): Promise<InboundOutcome> {
    const started = this.started?.activity === activity ? this.started : undefined;
    this.started = undefined;
    const signal = started?.signal ?? readInboundSignal(activity, this.core.env.source, this.core.policy.now());
    if (signal.kind === 'none') return { presentAsStandby: false };
    const state = await (started?.state ?? readThreadControl(this.core.deps, this.core.ref));
    switch (signal.kind) {
      case 'handover':
        await this.onHandover(signal.handover, state, signal.at);
        return { presentAsStandby: false };
      case 'echo':
        await this.onEcho(signal, state);
        return { presentAsStandby: false };
      case 'standbyOther':
        await this.onStandby(signal.at, state);
        return { presentAsStandby: false };
      case 'userMessage':
        return this.onUserMessage(signal, state);
    }
  }

  private async onHandover(signal: HandoverSignal, state: ThreadState, at: number): Promise<void> {
    switch (signal.kind) {
      case 'pass':
        return this.onOwnerChange('pass', signal.newOwnerAppId, signal.metadata, state);
      case 'take':
        return this.onTake(signal.newOwnerAppId, signal.metadata, state, at);
      case 'release':
        if (state.controller !== 'app') return;
        this.core.emitChange(
          await this.core.apply(state, idleRecord(this.core.policy.now())),
          'release',
          signal.metadata,
        );
        return;
      case 'request':
        return this.onRequest(signal.requestedOwnerAppId, signal.metadata, state);
    }
  }

  /**
   * A pass or take webhook naming `newOwner`. Without this app's id, a pass that does not confirm the
   * recorded owner is taken as a pass to this app (Meta sends pass webhooks to the receiving app).
   */
  private async onOwnerChange(
    trigger: 'pass' | 'take',
    newOwner: string | undefined,
    metadata: string | undefined,
    state: ThreadState,
  ): Promise<void> {
    if (newOwner === undefined) return;
    const recordedOther = state.controller === 'app' ? state.record?.appId : undefined;
    const toUs =
      state.selfAppId !== undefined
        ? newOwner === state.selfAppId
        : trigger === 'pass' && newOwner !== recordedOther && !isInbox(newOwner);
    const now = this.core.policy.now();
    if (toUs) {
      if (state.controller === 'bot') return;
      this.core.emitChange(await this.core.apply(state, botRecord(state.selfAppId, now)), trigger, metadata);
      return;
    }
    if (recordedOther === newOwner) return;
    this.core.emitChange(await this.core.apply(state, appRecord(newOwner, now)), trigger, metadata, newOwner);
  }

  private async onTake(
    newOwner: string | undefined,
    metadata: string | undefined,
    state: ThreadState,
    at: number,
  ) {
    const record = state.record;
    if (
      newOwner !== undefined &&
      state.selfAppId === undefined &&
      record?.ownTake === true &&
      at - record.since < OWN_TAKE_CONFIRMATION_MS &&
      !isInbox(newOwner)
    ) {
      // The webhook of our own take: it names this app.
      await learnSelfAppId(this.core.env.store, newOwner);
      const { ownTake: _confirmed, ...rest } = record;
      await applyRecord(
        this.core.deps,
        this.core.ref,
        copyWith(state, { selfAppId: newOwner }),
        copyWith(rest, { appId: newOwner }),
      );
      return;
    }
    await this.onOwnerChange('take', newOwner, metadata, state);
  }

  private async onRequest(
    requestedOwnerAppId: string | undefined,
    metadata: string | undefined,
    state: ThreadState,
  ) {
    if (state.controller === 'app' || requestedOwnerAppId === undefined) return;
    const grant = await this.core.hooks.onThreadControlRequest({
      requestedOwnerAppId,
      metadata,
      controller: state.controller,
    });
    if (grant) await this.core.pass(requestedOwnerAppId, undefined, 'request');
  }

  private async onEcho(signal: Extract<InboundSignal, { kind: 'echo' }>, state: ThreadState): Promise<void> {
    if (await this.isOwnEcho(signal, state)) return;
    if (signal.at < (state.record?.since ?? 0)) return;
    // Someone else wrote as the Page: a person in the Inbox (or the phone app), or another app.
    // Meta gives the thread to the Inbox in that case; so do we.
    const writer = signal.appId ?? inboxAppId(this.core.env.channelId);
    const now = this.core.policy.now();
    const record = state.record;
    if (state.controller === 'app' && record !== undefined) {
      const same = record.appId === writer || record.appId === UNKNOWN_OWNER_APP_ID;
      const next = same
        ? copyWith(record, { appId: writer, agentAt: now })
        : copyWith(appRecord(writer, now), { agentAt: now });
      await this.core.apply(state, next);
      return;
    }
    const outcome = await this.core.apply(state, copyWith(appRecord(writer, now), { agentAt: now }));
    this.core.emitChange(outcome, 'echo', undefined, writer);
  }

  private async isOwnEcho(
    signal: Extract<InboundSignal, { kind: 'echo' }>,
    state: ThreadState,
  ): Promise<boolean> {
    if (signal.mid !== undefined && mustTrackSentMessages(this.core.env.channelId, state.selfAppId)) {
      if (await wasSentByUs(this.core.env.store, this.core.env.accountId, signal.mid)) {
        if (state.selfAppId === undefined && signal.appId !== undefined) {
          await learnSelfAppId(this.core.env.store, signal.appId);
        }
        return true;
      }
    }
    return state.selfAppId !== undefined && signal.appId === state.selfAppId;
  }

  /** Meta delivered an event on standby: another app owns the thread. */
  private async onStandby(at: number, state: ThreadState): Promise<ThreadState> {
    if (state.controller === 'app' || at < (state.record?.since ?? 0)) return state;
    const outcome = await this.core.apply(state, appRecord(UNKNOWN_OWNER_APP_ID, this.core.policy.now()));
    this.core.emitChange(outcome, 'standby', undefined);
    return copyWith(state, { controller: outcome.after, record: outcome.record });
  }

  private async onUserMessage(
    signal: Extract<InboundSignal, { kind: 'userMessage' }>,
    initial: ThreadState,
  ): Promise<InboundOutcome> {
    const state = signal.delivery === 'standby' ? await this.onStandby(signal.at, initial) : initial;
    const record = state.record;
    if (state.controller === 'bot' || record === undefined) return { presentAsStandby: false };
    const now = this.core.policy.now();
    const onMessaging = signal.delivery === 'messaging';
    if (state.controller === 'app' && onMessaging && isIdleByMeta(record, now)) {
      // No message from the person for 24 hours: Meta made the thread idle and delivers to us again.
      this.core.emitChange(await this.core.apply(state, botRecord(state.selfAppId, now)), 'idle', undefined);
      return { presentAsStandby: false };
    }
    const keyword = signal.text !== undefined && this.core.policy.isTakeBackKeyword(signal.text);
    const idle =
      this.core.policy.takeBackAfterIdleMs !== undefined &&
      now - lastAgentActivity(record) >= this.core.policy.takeBackAfterIdleMs;
    let next: HandoverRecord = copyWith(record, { userAt: now });
    if (keyword || idle) {
      const trigger: HandoffTrigger = keyword ? 'keyword' : 'idle';
      const taken = await this.core.attempt(trigger, () => takeThreadControl(this.core.deps, this.core.ref));
      if (taken) return { presentAsStandby: false };
      // Refused (reported as `failed`): the idle timer starts again rather than retry on every message.
      if (idle) next = copyWith(next, { agentAt: now });
    }
    await this.core.apply(state, next);
    return { presentAsStandby: state.controller === 'app' && onMessaging };
  }
}

function isInbox(appId: string): boolean {
  return appId === PAGE_INBOX_APP_ID || appId === INSTAGRAM_INBOX_APP_ID;
}

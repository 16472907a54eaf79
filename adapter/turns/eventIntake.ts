import type { PlainActivity } from '../activity';
import { MessengerError } from '../errors';
import type { GraphClient } from '../graph/graphClient';
import { dedupeKeyOf } from '../inbound/dedupe';
import { classifyEvent, type InboundEvent } from '../inbound/eventKind';
import { activitiesOf, type InboundOptions } from '../inbound/eventToActivities';
import { eventConversationId, eventTimestamp, eventUserId } from '../inbound/identity';
import { targetOf } from '../delivery/resolveTarget';
import { conversationIdOf, DEFAULT_GRAPH_API_URL } from '../platform';
import { stateKeys } from '../state/keys';
import type { StateStore } from '../state/stateStore';
import type { MessengerTurnInfo } from '../turnInfo';
import type { WebhookEventRef } from '../webhook/envelope';
import type { DrainReport } from './drain';
import { DurableIntake } from './durableIntake';
import type { ResolvedDurableIntakeOptions } from './durableOptions';
import { MarkReleaser, newMarkToken } from './markRelease';
import { isRawRedisStore } from './rawRedis';
import { RoomWaiters } from './roomWaiters';
import { TurnScheduler } from './turnScheduler';
import { copyWith } from '../copyWith';

/**
 * Runs one turn for an activity through the framework's middleware and bot logic (the botbuilder
 * shell, or a future Agents SDK shell). It must not reject: turn errors are the shell's to route.
 */
export type TurnRunner<TLogic> = (activity: PlainActivity, info: MessengerTurnInfo, logic: TLogic) => Promise<void>;

/** Options of {@link EventIntake}. */
export interface EventIntakeOptions<TLogic> {
  readonly store: StateStore;
  readonly graph: GraphClient;
  readonly appId: string | undefined;
  readonly dedupeTtlMs: number;
  readonly maxPendingEvents: number;
  readonly maxConcurrentTurns: number;
  /**
   * How long `close()` lets queued turns run, in ms; the backlog is also bounded so that it can
   * drain in this time at the measured turn time.
   */
  readonly drainTimeoutMs: number;
  /** Durable intake on Redis Streams (needs a store with raw commands); undefined: in memory. */
  readonly durable?: ResolvedDurableIntakeOptions;
  /** The bot logic turns of stored events run with (durable intake), once known. */
  readonly currentLogic?: () => TLogic | undefined;
  readonly inboundOptions: InboundOptions;
  readonly runTurn: TurnRunner<TLogic>;
  /** Receives failures nobody else can (ids and codes only are logged from it). */
  readonly report: (error: unknown, conversationId: string | undefined) => void;
}

/** What {@link EventIntake.accept} decided for a verified batch. */
export interface AcceptOutcome {
  /** Set when the webhook must answer 503 (Meta delivers the batch again later). */
  readonly rejected?: MessengerError;
  /** Resolves when the turns of the accepted events have finished. */
  readonly done: Promise<void>;
}

/**
 * The framework-neutral path from verified webhook events to turns: the backlog bound, redelivery
 * dedupe through the {@link StateStore}, per-conversation ordered queues, follow-up turns
 * (`MessengerTurnInfo.dispatch`), and turn info for proactive turns.
 */
export class EventIntake<TLogic> {
  private readonly scheduler: TurnScheduler;
  private readonly marks: MarkReleaser;
  private readonly durable: DurableIntake | undefined;
  private readonly roomWaiters = new RoomWaiters();
  /** Made once: an overloaded adapter answers many 503s, and each new error costs a stack trace. */
  private fullError: MessengerError | undefined;
  private closing = false;

  constructor(private readonly options: EventIntakeOptions<TLogic>) {
    this.scheduler = new TurnScheduler({
      maxPending: options.maxPendingEvents,
      maxConcurrent: options.maxConcurrentTurns,
      maxDrainMs: options.drainTimeoutMs,
      onError: (error) => options.report(error, undefined),
      onRoom: () => this.roomWaiters.wakeOne(),
    });
    this.marks = new MarkReleaser(options.store, options.dedupeTtlMs, (error) => options.report(error, undefined));
    this.durable = this.startDurable();
  }

  private startDurable(): DurableIntake | undefined {
    const { durable, store, currentLogic } = this.options;
    if (durable === undefined) return undefined;
    if (!isRawRedisStore(store)) {
      throw new MessengerError(
        'CONFIG_INVALID',
        'durableIntake needs a RedisStateStore as `store` (it keeps the events in Redis Streams).',
      );
    }
    const engine = new DurableIntake(durable, {
      store,
      dedupeTtlMs: this.options.dedupeTtlMs,
      maxInFlight: this.options.maxConcurrentTurns * 2,
      ready: () => currentLogic?.() !== undefined,
      run: (ref, finished) => {
        const logic = currentLogic?.();
        if (logic === undefined) return;
        this.enqueueEvent(ref, logic, undefined, undefined, finished);
      },
      report: (error) => this.options.report(error, undefined),
    });
    engine.start();
    return engine;
  }

  /** True when the backlog is full: a new batch can be refused before its body is even read. */
  get isFull(): boolean {
    return this.scheduler.isFull;
  }

  /** The 503 to answer before reading a body: shutting down, or the backlog is full; else undefined. */
  refusal(): MessengerError | undefined {
    if (this.closing) return closingError();
    if (this.durable) return undefined; // the backlog is in Redis, not here
    return this.isFull ? this.backlogFull() : undefined;
  }

  /**
   * Like {@link refusal}, but a request that finds the backlog full is held, unread, until
   * `holdUntil` (`performance.now()` time) while turns finish: it goes on as soon as there is room,
   * and is refused only when the hold runs out (or too many requests are held already).
   */
  async admit(holdUntil: number): Promise<MessengerError | undefined> {
    // woken, but another request took the room first: it waits again, at the head, until holdUntil
    for (let woken = false; ; woken = true) {
      const refusal = this.refusal();
      if (refusal === undefined || this.closing) return refusal;
      if (!(await this.roomWaiters.wait(holdUntil - performance.now(), woken))) return refusal;
    }
  }

  /**
   * Reserves room for a batch of `count` events, waiting for finished turns until `holdUntil`
   * (`performance.now()` time) when it does not fit yet.
   */
  private async reserve(count: number, holdUntil: number): Promise<boolean> {
    for (;;) {
      if (this.closing) return false;
      if (this.scheduler.tryReserve(count)) return true;
      // its body is read already: it waits at the head, so later requests do not overtake it
      if (!(await this.roomWaiters.wait(holdUntil - performance.now(), true))) return false;
    }
  }

  /** The `QUEUE_FULL` error a full backlog answers with. */
  backlogFull(): MessengerError {
    return (this.fullError ??= new MessengerError(
      'QUEUE_FULL',
      `More than ${this.options.maxPendingEvents} events are waiting for their turns; ` +
        'Meta will deliver this batch again later. Raise maxPendingEvents or speed up the bot.',
    ));
  }

  /**
   * Bounds, dedupes and queues a verified batch (a batch that does not fit waits for room until
   * `holdUntil`, a `performance.now()` time; default: no wait). Events the store cannot mark are not run: the
   * outcome asks for a 503 so Meta delivers them again, and the ones already marked (and queued) are
   * then dropped as duplicates, so nothing runs twice or is lost.
   */
  async accept(events: readonly WebhookEventRef[], logic: TLogic, holdUntil = 0): Promise<AcceptOutcome> {
    if (this.closing) return { rejected: closingError(), done: Promise.resolve() };
    if (this.durable) return this.appendDurable(this.durable, events);
    if (!(await this.reserve(events.length, holdUntil))) {
      return { rejected: this.closing ? closingError() : this.backlogFull(), done: Promise.resolve() };
    }
    let unused = events.length;
    try {
      const { store, dedupeTtlMs } = this.options;
      const token = newMarkToken();
      // each event is classified once: for its dedupe key here, and for its activities in the turn
      const classified: InboundEvent[] = [];
      const keys: string[] = [];
      const marking: Promise<boolean>[] = [];
      for (const ref of events) {
        const kind = classifyEvent(ref);
        const key = stateKeys.dedupe(ref.accountId, dedupeKeyOf(ref, kind));
        classified.push(kind);
        keys.push(key);
        marking.push(markOnce(store, key, token, dedupeTtlMs));
      }
      const marks = await Promise.allSettled(marking);
      const batch = new BatchTurns();
      let storeError: unknown;
      for (let index = 0; index < events.length; index++) {
        const mark = marks[index];
        if (mark?.status === 'fulfilled' && mark.value) {
          unused--;
          this.enqueueEvent(events[index] as WebhookEventRef, logic, classified[index] as InboundEvent, batch.add(), undefined);
          continue;
        }
        if (mark?.status === 'rejected') {
          storeError ??= mark.reason;
          // The SET may still run when the store resumes: take it back, or the redelivery is dropped.
          this.marks.release(keys[index] as string, token);
        }
      }
      const all = batch.done();
      if (storeError === undefined) return { done: all };
      return this.notRecorded('The state store', storeError, all);
    } finally {
      this.scheduler.release(unused);
    }
  }

  /** Durable intake: the batch is in Redis (or the answer is 503); turns run from the streams. */
  private async appendDurable(engine: DurableIntake, events: readonly WebhookEventRef[]): Promise<AcceptOutcome> {
    try {
      await engine.append(events);
      return { done: Promise.resolve() };
    } catch (error) {
      return this.notRecorded('Redis (durable intake)', error, Promise.resolve());
    }
  }

  /** Reports a store failure and asks for a 503, so that Meta delivers the batch again. */
  private notRecorded(what: string, cause: unknown, done: Promise<void>): AcceptOutcome {
    this.options.report(cause, undefined);
    return {
      rejected: new MessengerError(
        'STORE_UNAVAILABLE',
        `${what} could not record the events; Meta will deliver them again later.`,
        { cause },
      ),
      done,
    };
  }

  /**
   * Graceful shutdown: refuses new batches (503, so Meta keeps them), lets queued turns run until
   * `deadlineMs`, then drops what has not started. Resolves with what was left, as counts only.
   */
  async close(deadlineMs: number = this.options.drainTimeoutMs): Promise<DrainReport> {
    this.closing = true;
    this.roomWaiters.wakeAll();
    const stopping = this.durable?.stopReading();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, deadlineMs);
    });
    await Promise.race([this.scheduler.idle(), deadline]);
    clearTimeout(timer);
    const { notStarted, stillRunning } = this.scheduler.abandonQueued();
    await stopping;
    await this.durable?.stop();
    const handedOver = this.durable ? notStarted + stillRunning : 0;
    return { notStarted, stillRunning, unreleasedMarks: this.marks.close(), handedOver };
  }

  /**
   * Queues a follow-up turn for a synthesized activity behind the conversation's current turn
   * (outside the backlog bound: it must never be dropped).
   */
  dispatch(conversationId: string, activity: PlainActivity, origin: MessengerTurnInfo, logic: TLogic): void {
    const info: MessengerTurnInfo = copyWith(origin, { source: 'proactive' as const, event: undefined });
    this.scheduler.enqueue(
      conversationId,
      {
        timestamp: activity.timestamp?.getTime() ?? Date.now(),
        run: () => this.options.runTurn(activity, info, logic),
      },
      false,
    );
  }

  /**
   * Turn info for a proactive turn from a stored conversation reference; `logic` is what follow-up
   * turns raised in it run with (`undefined`: they run no bot logic).
   */
  proactiveInfo(
    reference: { channelId?: string; user?: { id?: string }; bot?: { id?: string }; conversation?: { id?: string } },
    logic: () => TLogic | undefined,
  ): MessengerTurnInfo {
    const { channelId, accountId, userId, conversationId } = targetOf(
      {
        channelId: reference.channelId,
        userId: reference.user?.id,
        accountId: reference.bot?.id,
        conversationId: reference.conversation?.id,
      },
      'The conversation reference',
    );
    const info: MessengerTurnInfo = copyWith(this.sharedInfo(), {
      channelId,
      accountId,
      userId,
      conversationId,
      source: 'proactive' as const,
      event: undefined,
      dispatch: (activity: PlainActivity) => {
        const current = logic();
        if (current !== undefined) this.dispatch(conversationId, activity, info, current);
      },
    });
    return info;
  }

  /** Resolves when no accepted or follow-up turn is queued or running. */
  idle(): Promise<void> {
    return this.scheduler.idle();
  }

  /**
   * Queues the turn of an event (`classified` is `classifyEvent(ref)` when the caller has it, else it
   * is made when the turn runs). `settle` is called once the
   * turn has run or was dropped at shutdown; `finished` only once it has run.
   */
  private enqueueEvent(
    ref: WebhookEventRef,
    logic: TLogic,
    classified: InboundEvent | undefined,
    settle: (() => void) | undefined,
    finished: (() => void) | undefined,
  ): void {
    const userId = eventUserId(ref);
    // eventConversationId(ref), from the user id already at hand
    const conversationId = userId === undefined ? ref.accountId : conversationIdOf(userId, ref.accountId);
    const { store, graph, appId } = this.options;
    const info: MessengerTurnInfo = {
      store,
      graph,
      appId,
      channelId: ref.channelId,
      accountId: ref.accountId,
      userId,
      conversationId,
      source: ref.source,
      event: ref.event,
      dispatch: (activity) => this.dispatch(conversationId, activity, info, logic),
    };
    this.scheduler.enqueue(
      conversationId,
      {
        timestamp: eventTimestamp(ref),
        acknowledged: true,
        abandon: settle,
        run: () => this.runEvent(ref, info, logic, classified, settle, finished),
      },
      true,
    );
  }

  /** Runs the turns of an event's activities, in order. */
  private async runEvent(
    ref: WebhookEventRef,
    info: MessengerTurnInfo,
    logic: TLogic,
    classified: InboundEvent | undefined,
    settle: (() => void) | undefined,
    finished: (() => void) | undefined,
  ): Promise<void> {
    try {
      for (const activity of this.toActivities(ref, info.userId, classified)) {
        await this.options.runTurn(activity, info, logic);
      }
    } finally {
      finished?.();
      settle?.();
    }
  }

  private sharedInfo(): Pick<MessengerTurnInfo, 'store' | 'graph' | 'appId'> {
    return { store: this.options.store, graph: this.options.graph, appId: this.options.appId };
  }

  /** Maps an event; a mapping bug must not lose it, so it then reaches the bot as an unknown event. */
  private toActivities(
    ref: WebhookEventRef,
    userId: string | undefined,
    classified: InboundEvent | undefined,
  ): PlainActivity[] {
    try {
      return activitiesOf(ref, this.options.inboundOptions, classified ?? classifyEvent(ref), userId);
    } catch (error) {
      this.options.report(error, eventConversationId(ref));
      return [
        {
          type: 'event',
          name: 'messenger.unknown',
          value: ref.event,
          channelData: ref.event,
          channelId: ref.channelId,
          conversation: { id: eventConversationId(ref) },
          recipient: { id: ref.accountId },
          from: { id: eventUserId(ref) ?? ref.accountId },
          timestamp: new Date(eventTimestamp(ref)),
          serviceUrl: ref.serviceUrl ?? this.options.inboundOptions.serviceUrl ?? DEFAULT_GRAPH_API_URL,
        },
      ];
    }
  }
}

/** Marks a dedupe key; a store that throws synchronously gives a rejection like any other failure. */
function markOnce(store: StateStore, key: string, token: string, ttlMs: number): Promise<boolean> {
  try {
    return Promise.resolve(store.setIfAbsent(key, token, ttlMs));
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * Counts the turns of one batch and resolves {@link done} when all have settled: one promise per
 * batch instead of one per event.
 */
class BatchTurns {
  private left = 0;
  private resolve: (() => void) | undefined;
  private promise: Promise<void> | undefined;
  private readonly settleOne = (): void => {
    this.left--;
    if (this.left === 0) this.resolve?.();
  };

  /** Counts one more turn; call the returned function once when it has settled. */
  add(): () => void {
    this.left++;
    return this.settleOne;
  }

  /** Resolves when every counted turn has settled (at once when there is none). */
  done(): Promise<void> {
    if (this.left === 0) return Promise.resolve();
    this.promise ??= new Promise<void>((resolve) => {
      this.resolve = resolve;
    });
    return this.promise;
  }
}

/** The 503 a shutting-down adapter answers with. */
function closingError(): MessengerError {
  return new MessengerError(
    'QUEUE_FULL',
    'This instance is shutting down and takes no new events; Meta will deliver this batch again later.',
    { details: { reason: 'shutting down' } },
  );
}

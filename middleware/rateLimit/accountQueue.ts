import { GraphApiError, type GraphUsage } from '../../adapter/errors';
import type { SendBudget, SendOperation, SendResult } from '../../adapter/sendPipeline';
import type { AcquireManyResult, AcquireResult, RateLimitBackend } from './backend';
import { Deque } from './deque';
import type { BudgetFigures } from './limits';
import type { ResolvedRateLimitOptions } from './options';
import { backendError, queueFullError, throttledTooLongError, waitedTooLongError } from './rateLimitErrors';
import { isThrottlingError, slowDownFactor, throttlePauseMs } from './throttlePolicy';

/**
 * Most slots one backend call asks for: one call (one Redis round trip) serves up to this many waiting
 * conversations. It bounds the work of one Lua script run.
 */
export const MAX_SLOTS_PER_CALL = 32;

/** A single acquire's answer as an {@link AcquireManyResult}. */
function asMany(result: AcquireResult): AcquireManyResult {
  return result.granted
    ? { granted: 1, retryInMs: 0, paused: false }
    : { granted: 0, retryInMs: Math.max(1, result.retryInMs), paused: result.paused };
}

/** The downstream send of one operation (the next interceptor, finally the Graph call). */
export type Send = (op: SendOperation) => Promise<SendResult>;

/** A snapshot of one account's queue, for monitoring. */
export interface AccountQueueStats {
  /** Page id or Instagram account id. */
  readonly account: string;
  /** Messages waiting for their turn (not yet handed to Graph, or waiting for a retry). */
  readonly waiting: number;
  /** Messages handed to Graph and not answered yet. */
  readonly inFlight: number;
  /** Conversations with messages waiting or in flight. */
  readonly conversations: number;
  /** Milliseconds left of this instance's pause after a throttling error (0 when not paused). */
  readonly pausedForMs: number;
  /** Throttling errors in a row (0 after a successful send). */
  readonly throttleStreak: number;
  /** Share of the configured pace in use after usage headers (1 = full pace). */
  readonly slowDownFactor: number;
}

interface Entry {
  readonly op: SendOperation;
  readonly send: Send;
  readonly resolve: (result: SendResult) => void;
  readonly reject: (error: unknown) => void;
  readonly deadline: number;
  readonly lane: Lane;
  state: 'waiting' | 'inflight' | 'done';
  /** Order of the latest dispatch, to tell throttling errors of one episode apart from a new one. */
  dispatchSeq: number;
  /** The latest throttling error this message met, if any. */
  lastThrottle: GraphApiError | undefined;
}

/** The messages of one conversation, oldest first; only the first is ever sent. */
interface Lane {
  readonly id: string;
  readonly entries: Entry[];
  /** The ready queue the lane sits in, if any. */
  queuedIn: SendBudget | undefined;
}

interface Pump {
  running: boolean;
  timer: NodeJS.Timeout | undefined;
}

/**
 * The send queue of one Page / Instagram account in this process:
 *
 * - **Order**: messages of one conversation go out one at a time, oldest first; a retried message
 *   stays first, so message 2 never overtakes message 1.
 * - **Pacing**: the first waiting message of each conversation queues for a slot of its budget
 *   (`text` or `media`, independent of each other) from the {@link RateLimitBackend}; conversations
 *   take turns (round robin).
 * - **Throttling**: a throttling error pauses every budget of the account (here and, through the
 *   backend, in every instance) and puts the message back first in line.
 * - **Bounds**: at most `maxQueue` messages waiting or in flight; none waits longer than `maxWaitMs`.
 */
export class AccountQueue {
  private readonly lanes = new Map<string, Lane>();
  /** Every message waiting or in flight, in arrival order (which is also deadline order). */
  private readonly pending = new Set<Entry>();
  private readonly ready: Record<SendBudget, Deque<Lane>> = { text: new Deque(), media: new Deque() };
  private readonly pumps: Record<SendBudget, Pump> = {
    text: { running: false, timer: undefined },
    media: { running: false, timer: undefined },
  };
  private expiryTimer: NodeJS.Timeout | undefined;
  private inFlight = 0;
  private dispatchSeq = 0;
  /** `dispatchSeq` when the current throttling episode began: errors of sends made before it belong to it. */
  private episodeSeq = -1;
  private streak = 0;
  private pausedUntil = 0;
  private factor = 1;
  private factorSetAt = 0;

  constructor(
    readonly account: string,
    private readonly limits: BudgetFigures,
    private readonly options: ResolvedRateLimitOptions,
    private readonly backend: RateLimitBackend,
  ) {}

  /** Queues `op`; resolves when Graph accepted it, rejects when it failed or could not be sent in time. */
  enqueue(op: SendOperation, send: Send): Promise<SendResult> {
    if (this.pending.size >= this.options.maxQueue)
      return Promise.reject(queueFullError(op, this.options.maxQueue));
    return new Promise<SendResult>((resolve, reject) => {
      let lane = this.lanes.get(op.conversationId);
      if (!lane) {
        lane = { id: op.conversationId, entries: [], queuedIn: undefined };
        this.lanes.set(lane.id, lane);
      }
      const entry: Entry = {
        op,
        send,
        resolve,
        reject,
        deadline: this.options.now() + this.options.maxWaitMs,
        lane,
        state: 'waiting',
        dispatchSeq: -1,
        lastThrottle: undefined,
      };
      lane.entries.push(entry);
      this.pending.add(entry);
      if (lane.entries.length === 1) this.makeReady(lane);
      this.armExpiry();
    });
  }

  /** A snapshot for monitoring. */
  stats(): AccountQueueStats {
    return {
      account: this.account,
      waiting: this.pending.size - this.inFlight,
      inFlight: this.inFlight,
      conversations: this.lanes.size,
      pausedForMs: Math.max(0, this.pausedUntil - this.options.now()),
      throttleStreak: this.streak,
      slowDownFactor: this.currentFactor(),
    };
  }

  /** True when nothing is waiting or in flight. */
  get idle(): boolean {
    return this.pending.size === 0;
  }

  /** Puts a lane whose first message waits into the ready queue of that message's budget. */
  private makeReady(lane: Lane): void {
    const head = lane.entries[0];
    if (head?.state !== 'waiting' || lane.queuedIn !== undefined) return;
    lane.queuedIn = head.op.budget;
    this.ready[head.op.budget].push(lane);
    this.kick(head.op.budget);
  }

  /** The first lane of a ready queue whose first message waits for this budget (others are moved or dropped). */
  private peekReady(budget: SendBudget): Lane | undefined {
    const queue = this.ready[budget];
    for (let lane = queue.peek(); lane !== undefined; lane = queue.peek()) {
      const head = lane.entries[0];
      if (head?.state === 'waiting' && head.op.budget === budget) return lane;
      queue.shift();
      lane.queuedIn = undefined;
      this.makeReady(lane);
    }
    return undefined;
  }

  /**
   * Starts the pump of a budget unless it runs or sleeps. It starts in a microtask, once the caller's
   * synchronous code is done: a caller queueing thousands of messages in one loop would otherwise
   * hold back the first sends it released, which then bunch with the next ones.
   */
  private kick(budget: SendBudget): void {
    const pump = this.pumps[budget];
    if (pump.running || pump.timer !== undefined) return;
    pump.running = true;
    // A promise job rather than queueMicrotask, which fake timers replace.
    Promise.resolve()
      .then(() => this.pump(budget))
      .catch((error: unknown) => this.options.onBackgroundError(backendError(error)));
  }

  private sleep(budget: SendBudget, ms: number): void {
    const pump = this.pumps[budget];
    pump.timer = setTimeout(
      () => {
        pump.timer = undefined;
        this.kick(budget);
      },
      Math.max(1, Math.ceil(ms)),
    );
  }

  /**
   * Hands out slots of one budget to waiting conversations, one backend call at a time. A backend
   * with `acquireMany` (Redis) is asked for as many slots as conversations wait, in one call.
   */
  private async pump(budget: SendBudget): Promise<void> {
    const pump = this.pumps[budget];
    pump.running = true;
    try {
      while (this.peekReady(budget)) {
        if (this.pausedUntil > this.options.now()) {
          this.sleep(budget, this.pausedUntil - this.options.now());
          return;
        }
        let result: AcquireManyResult;
        try {
          const answer = this.acquire(budget);
          // A synchronous answer is used at once: the send leaves in the tick of the decision.
          result = answer instanceof Promise ? await answer : answer;
        } catch (error) {
          // No budget, no send: fail closed, and at once rather than one backend timeout per message.
          this.failWaiting(backendError(error));
          return;
        }
        // Slots granted while a pause began here go unused rather than calling during throttling.
        if (result.granted > 0 && this.pausedUntil > this.options.now()) continue;
        for (let slot = 0; slot < result.granted; slot++) {
          // Fewer conversations may wait now than when the slots were asked for: the rest go unused.
          const lane = this.peekReady(budget);
          if (!lane) return;
          this.ready[budget].shift();
          lane.queuedIn = undefined;
          this.dispatch(lane.entries[0] as Entry);
        }
        if (result.retryInMs > 0) {
          if (result.paused) this.notePause(result.retryInMs);
          this.sleep(budget, result.retryInMs);
          return;
        }
      }
    } finally {
      pump.running = false;
    }
  }

  /**
   * Asks the backend for slots of `budget`: one, or with `acquireMany` one per conversation waiting
   * for this budget (at most {@link MAX_SLOTS_PER_CALL}). The memory backend answers synchronously.
   */
  private acquire(budget: SendBudget): AcquireManyResult | Promise<AcquireManyResult> {
    const request = {
      account: this.account,
      budget,
      limit: this.limits[budget],
      windowMs: this.options.windowMs,
      burstMs: this.options.burstMs,
    };
    const wanted = this.backend.acquireMany === undefined ? 1 : this.readyCount(budget);
    if (wanted > 1 && this.backend.acquireMany !== undefined) return this.backend.acquireMany(request, wanted);
    const answer = this.backend.acquire(request);
    return answer instanceof Promise ? answer.then(asMany) : asMany(answer);
  }

  /**
   * How many conversations wait for a slot of `budget`, up to {@link MAX_SLOTS_PER_CALL}: the lanes at
   * the front of its ready queue whose first message waits for it (stale entries are skipped; the scan
   * stops after a few times the cap, so a long queue is never walked whole).
   */
  private readyCount(budget: SendBudget): number {
    const queue = this.ready[budget];
    const scan = Math.min(queue.length, 4 * MAX_SLOTS_PER_CALL);
    let count = 0;
    for (let index = 0; index < scan && count < MAX_SLOTS_PER_CALL; index++) {
      const head = queue.at(index)?.entries[0];
      if (head?.state === 'waiting' && head.op.budget === budget) count++;
    }
    return count;
  }

  private dispatch(entry: Entry): void {
    entry.state = 'inflight';
    entry.dispatchSeq = ++this.dispatchSeq;
    this.inFlight++;
    let sent: Promise<SendResult>;
    try {
      sent = Promise.resolve(entry.send(entry.op));
    } catch (error) {
      sent = Promise.reject(error);
    }
    sent.then(
      (result) => this.succeeded(entry, result),
      (error: unknown) => this.failed(entry, error),
    );
  }

  private succeeded(entry: Entry, result: SendResult): void {
    this.inFlight--;
    if (entry.dispatchSeq > this.episodeSeq) this.streak = 0;
    this.observeUsage((result as (SendResult & { usage?: GraphUsage }) | undefined)?.usage);
    this.settle(entry, () => entry.resolve(result));
  }

  private failed(entry: Entry, error: unknown): void {
    this.inFlight--;
    if (!isThrottlingError(error)) {
      if (error instanceof GraphApiError) this.observeUsage(error.usage);
      this.settle(entry, () => entry.reject(error));
      return;
    }
    // The usage of a throttling answer is over 100 % by definition: the pause deals with it, and the
    // answers after the pause tell whether to slow down.
    const now = this.options.now();
    const regainMs = error.usage?.regainAccessInMs;
    let pauseMs: number;
    if (entry.dispatchSeq > this.episodeSeq) {
      // Sent after the last pause began: a new throttling episode.
      this.streak++;
      this.episodeSeq = this.dispatchSeq;
      pauseMs = throttlePauseMs(this.streak, regainMs, this.options, this.options.random);
    } else {
      // Sent before the current pause began: same episode; only a longer time from Meta extends it.
      pauseMs = regainMs ?? 0;
    }
    if (now + pauseMs > this.pausedUntil) {
      this.pausedUntil = now + pauseMs;
      this.backend
        .pause(this.account, pauseMs)
        .catch((cause: unknown) => this.options.onBackgroundError(backendError(cause)));
    }
    if (this.pausedUntil > entry.deadline) {
      this.settle(entry, () => entry.reject(throttledTooLongError(entry.op, error, this.pausedUntil - now)));
    } else {
      entry.state = 'waiting';
      entry.lastThrottle = error;
      const lane = entry.lane;
      if (lane.queuedIn === undefined) {
        lane.queuedIn = entry.op.budget;
        this.ready[entry.op.budget].unshift(lane);
      }
    }
    // Whoever cannot be sent before the pause ends learns it now rather than at the deadline.
    this.expire((deadline) => deadline < this.pausedUntil);
    this.rearmExpiry();
    this.kick('text');
    this.kick('media');
  }

  /**
   * Takes over a pause another instance recorded in the shared backend, so that messages that cannot
   * be sent before it ends learn it now.
   */
  private notePause(forMs: number): void {
    const until = this.options.now() + forMs;
    if (until <= this.pausedUntil) return;
    this.pausedUntil = until;
    this.expire((deadline) => deadline < until);
  }

  /** Slows the account down (here and in the backend) after usage headers near the quota. */
  private observeUsage(usage: GraphUsage | undefined): void {
    const atPercent = this.options.slowDownAtPercent;
    if (usage === undefined || atPercent === undefined) return;
    const factor = slowDownFactor(usage, atPercent);
    const now = this.options.now();
    const fresh = now - this.factorSetAt < this.options.usageTtlMs / 2;
    if (factor === this.currentFactor() && (factor === 1 || fresh)) return;
    this.factor = factor;
    this.factorSetAt = now;
    this.backend
      .slowDown(this.account, factor, this.options.usageTtlMs)
      .catch((cause: unknown) => this.options.onBackgroundError(backendError(cause)));
  }

  /** The slow-down in force (it lapses `usageTtlMs` after the usage header that set it). */
  private currentFactor(): number {
    return this.options.now() - this.factorSetAt < this.options.usageTtlMs ? this.factor : 1;
  }

  /** Removes a message from the queue and reports its outcome; the next message of its conversation gets ready. */
  private settle(entry: Entry, report: () => void): void {
    if (entry.state === 'done') return;
    entry.state = 'done';
    this.pending.delete(entry);
    const lane = entry.lane;
    const index = lane.entries.indexOf(entry);
    if (index >= 0) lane.entries.splice(index, 1);
    if (lane.entries.length === 0) this.lanes.delete(lane.id);
    else if (index === 0) this.makeReady(lane);
    if (this.pending.size === 0 && this.expiryTimer !== undefined) {
      clearTimeout(this.expiryTimer);
      this.expiryTimer = undefined;
    }
    report();
  }

  /** Rejects waiting messages whose deadline `isExpired` says has passed (in flight ones are awaited). */
  private expire(isExpired: (deadline: number) => boolean): void {
    const expired: Entry[] = [];
    for (const entry of this.pending) {
      if (!isExpired(entry.deadline)) break;
      if (entry.state === 'waiting') expired.push(entry);
    }
    for (const entry of expired) {
      this.settle(entry, () =>
        entry.reject(waitedTooLongError(entry.op, this.options.maxWaitMs, entry.lastThrottle)),
      );
    }
  }

  /** Rejects every waiting message (those in flight are awaited). */
  private failWaiting(error: unknown): void {
    const waiting = [...this.pending].filter((entry) => entry.state === 'waiting');
    for (const entry of waiting) this.settle(entry, () => entry.reject(error));
  }

  /** Moves the deadline timer to the earliest waiting message (one in flight may be waiting again). */
  private rearmExpiry(): void {
    if (this.expiryTimer !== undefined) clearTimeout(this.expiryTimer);
    this.expiryTimer = undefined;
    this.armExpiry();
  }

  /** Keeps one timer at the earliest deadline of a waiting message. */
  private armExpiry(): void {
    if (this.expiryTimer !== undefined) return;
    let first: Entry | undefined;
    for (const entry of this.pending) {
      if (entry.state === 'waiting') {
        first = entry;
        break;
      }
    }
    if (!first) return;
    const timer = setTimeout(
      () => {
        this.expiryTimer = undefined;
        this.expire((deadline) => deadline <= this.options.now());
        this.armExpiry();
      },
      Math.max(1, first.deadline - this.options.now()),
    );
    // Waiting messages keep the process alive through their pump timers and in-flight calls.
    timer.unref?.();
    this.expiryTimer = timer;
  }
}

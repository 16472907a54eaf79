import { AdaptiveConcurrency } from './adaptiveConcurrency';
import { copyWith } from '../copyWith';

/**
 * The real `setImmediate`, taken when the module loads: tests that fake timers for their own clocks
 * must not freeze the adapter's turn queue.
 */
const startSoon: (callback: () => void) => void = globalThis.setImmediate;

/** One unit of work: a turn to run for one conversation. */
export interface ScheduledTurn {
  /** Event time (ms): turns of one conversation run in this order. */
  readonly timestamp: number;
  /** Runs the turn; it must not reject (the scheduler reports a rejection to `onError`). */
  readonly run: () => Promise<void>;
  /** Called instead of `run` when the turn is dropped by {@link TurnScheduler.abandonQueued} (shutdown). */
  readonly abandon?: () => void;
  /** True for a turn of an acknowledged webhook event (counted when a shutdown leaves it unrun). */
  readonly acknowledged?: boolean;
}

/** Options of {@link TurnScheduler}. */
export interface TurnSchedulerOptions {
  /** Accepted turns not yet finished, at most. Default 10,000. */
  maxPending: number;
  /**
   * Turns running at once across conversations, at most. Default 100. While the event loop is
   * saturated the scheduler runs fewer (see {@link AdaptiveConcurrency}) unless `fixedConcurrency`.
   */
  maxConcurrent: number;
  /** Always allow `maxConcurrent` turns, even when the CPU is saturated. Default false. */
  fixedConcurrency?: boolean;
  /**
   * The backlog must drain within this many ms at the measured turn time (see
   * {@link TurnScheduler.estimatedDrainMs}); default: no time bound.
   */
  maxDrainMs?: number;
  /** Receives a turn's rejection (the adapter routes turn errors itself; this is a last resort). */
  onError: (error: unknown) => void;
  /** Called when a turn finishes or reserved room is given back and the backlog is no longer full. */
  onRoom?: () => void;
}

interface QueuedTurn extends ScheduledTurn {
  readonly seq: number;
}

/** Weight of the newest turn in the moving average of turn durations. */
const TURN_TIME_WEIGHT = 0.1;

/** What {@link TurnScheduler.abandonQueued} dropped and what was still running. */
export interface AbandonedTurns {
  /** Acknowledged events whose turns had not started and never will. */
  readonly notStarted: number;
  /** Acknowledged events whose turns were still running (they finish or fail on their own). */
  readonly stillRunning: number;
}

/**
 * Runs turns one at a time per conversation, in timestamp order, and different conversations
 * concurrently up to a bound. The backlog is bounded: {@link tryReserve} tells the webhook whether
 * a batch fits before it is acknowledged (else Meta is asked to deliver it again later).
 *
 * This holds in-flight work of one process only; nothing here needs sharing across instances.
 */
export class TurnScheduler {
  private readonly queues = new Map<string, QueuedTurn[]>();
  private readonly running = new Set<string>();
  private readonly ready: string[] = [];
  private readyHead = 0;
  private readonly waiters: Array<() => void> = [];
  private active = 0;
  private reserved = 0;
  private pendingCount = 0;
  private seq = 0;
  private pumpScheduled = false;
  private turnMsAverage: number | undefined;
  private readonly runningAcknowledged = new Set<QueuedTurn>();
  /** How many turns are running, and the sum of their start times (performance.now()): their mean age in O(1). */
  private runningTurns = 0;
  private startedSum = 0;
  private readonly concurrency: AdaptiveConcurrency | undefined;

  constructor(private readonly options: TurnSchedulerOptions) {
    this.concurrency = options.fixedConcurrency === true ? undefined : new AdaptiveConcurrency(options.maxConcurrent);
  }

  /** How many turns may run at once right now: `maxConcurrent`, or less while the CPU is saturated. */
  get concurrencyLimit(): number {
    return this.concurrency?.limit ?? this.options.maxConcurrent;
  }

  /** Accepted turns that have not finished (queued, reserved or running). */
  get pending(): number {
    return this.pendingCount + this.reserved;
  }

  /** Turns running right now. */
  get runningCount(): number {
    return this.active;
  }

  /**
   * Reserves room for `count` turns if the backlog allows it. Call {@link release} for reserved
   * room that ends up unused (e.g. duplicates). Returns false when the backlog is full.
   *
   * The backlog is full at `maxPending` turns, or when it could not drain within `maxDrainMs` at the
   * measured turn time. A batch larger than either bound on its own is accepted whenever the backlog
   * is at most half full (so it is never refused forever; the backlog then exceeds the bound by at
   * most that one batch).
   */
  tryReserve(count: number): boolean {
    const { maxPending } = this.options;
    const maxDrainMs = this.options.maxDrainMs ?? Number.POSITIVE_INFINITY;
    const pending = this.pending;
    const oversized = count > maxPending || this.estimatedDrainMs(count) > maxDrainMs;
    const fits = oversized
      ? pending * 2 <= maxPending && this.estimatedDrainMs(pending) * 2 <= maxDrainMs
      : pending + count <= maxPending && this.estimatedDrainMs(pending + count) <= maxDrainMs;
    if (!fits) return false;
    this.reserved += count;
    return true;
  }

  /** True when no new batch fits (before its size is known): full by count or by drain time. */
  get isFull(): boolean {
    const maxDrainMs = this.options.maxDrainMs ?? Number.POSITIVE_INFINITY;
    return this.pending >= this.options.maxPending || this.estimatedDrainMs(this.pending) >= maxDrainMs;
  }

  /**
   * How long `turns` turns take at the moving average of measured turn durations with every
   * concurrent slot busy ({@link concurrencyLimit} slots; 0 until a turn has been measured). Optimistic when one conversation holds
   * many of them, since a conversation runs one turn at a time.
   */
  estimatedDrainMs(turns: number): number {
    if (turns <= 0) return 0;
    const turnMs = Math.max(this.turnMsAverage ?? 0, this.meanRunningMs());
    return (turns * turnMs) / this.concurrencyLimit;
  }

  /**
   * The mean time the running turns have taken so far: a lower bound of their durations, which
   * counts before the first turn finishes (a cold start) and when turns suddenly slow down.
   */
  private meanRunningMs(): number {
    if (this.runningTurns === 0) return 0;
    return performance.now() - this.startedSum / this.runningTurns;
  }

  /** The moving average of turn durations in ms, once a turn has finished. */
  get averageTurnMs(): number | undefined {
    return this.turnMsAverage;
  }

  /**
   * Drops every queued turn that has not started (shutdown after the drain deadline): each one's
   * `abandon` is called instead of `run`. Running turns are left to finish.
   */
  abandonQueued(): AbandonedTurns {
    let notStarted = 0;
    for (const queue of this.queues.values()) {
      for (const turn of queue.splice(0)) {
        this.pendingCount--;
        if (turn.acknowledged === true) notStarted++;
        turn.abandon?.();
      }
    }
    for (const [key, queue] of this.queues) if (queue.length === 0 && !this.running.has(key)) this.queues.delete(key);
    this.ready.length = 0;
    this.readyHead = 0;
    if (this.pendingCount === 0) for (const resolve of this.waiters.splice(0)) resolve();
    return { notStarted, stillRunning: this.runningAcknowledged.size };
  }

  /** Gives back reserved room. */
  release(count: number): void {
    this.reserved = Math.max(0, this.reserved - count);
    if (count > 0) this.signalRoom();
  }

  private signalRoom(): void {
    if (this.options.onRoom !== undefined && !this.isFull) this.options.onRoom();
  }

  /**
   * Queues a turn for conversation `key`. `reserved` says whether room was reserved for it with
   * {@link tryReserve}; follow-up turns (dispatched from inside a turn) skip the bound.
   */
  enqueue(key: string, turn: ScheduledTurn, reserved: boolean): void {
    if (reserved) this.release(1);
    this.pendingCount++;
    const queued: QueuedTurn = copyWith(turn, { seq: this.seq++ });
    let queue = this.queues.get(key);
    if (!queue) {
      queue = [];
      this.queues.set(key, queue);
    }
    insertSorted(queue, queued);
    if (!this.running.has(key) && queue.length === 1) this.ready.push(key);
    this.schedulePump();
  }

  /** Resolves when no turn is queued or running (graceful shutdown, tests). */
  idle(): Promise<void> {
    if (this.pendingCount === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /**
   * Starts turns on the next turn of the event loop (`setImmediate`): every event of a batch
   * (enqueued synchronously) is sorted into its conversation's queue before the first one starts,
   * and the webhook's 200 is written before any turn takes the CPU.
   */
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    startSoon(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    const limit = this.concurrencyLimit;
    while (this.active < limit && this.readyHead < this.ready.length) {
      const key = this.ready[this.readyHead++] as string;
      this.compactReady();
      const queue = this.queues.get(key);
      const turn = queue?.shift();
      if (!queue || !turn) continue;
      this.start(key, queue, turn);
    }
    // after the slots are filled: whether turns are left waiting for one
    this.concurrency?.observe(this.active, this.readyHead < this.ready.length, this.turnMsAverage);
  }

  private start(key: string, queue: QueuedTurn[], turn: QueuedTurn): void {
    this.active++;
    this.running.add(key);
    if (turn.acknowledged === true) this.runningAcknowledged.add(turn);
    const startedAt = performance.now();
    this.runningTurns++;
    this.startedSum += startedAt;
    let promise: Promise<void>;
    try {
      promise = Promise.resolve(turn.run());
    } catch (error) {
      promise = Promise.reject(error);
    }
    promise
      .catch((error: unknown) => this.options.onError(error))
      .finally(() => {
        const ms = performance.now() - startedAt;
        this.turnMsAverage =
          this.turnMsAverage === undefined ? ms : this.turnMsAverage + TURN_TIME_WEIGHT * (ms - this.turnMsAverage);
        this.runningAcknowledged.delete(turn);
        this.runningTurns--;
        this.startedSum = this.runningTurns === 0 ? 0 : this.startedSum - startedAt;
        this.active--;
        this.pendingCount--;
        this.running.delete(key);
        if (queue.length > 0) this.ready.push(key);
        else this.queues.delete(key);
        this.pump();
        this.signalRoom();
        if (this.pendingCount === 0) {
          for (const resolve of this.waiters.splice(0)) resolve();
        }
      });
  }

  private compactReady(): void {
    if (this.readyHead > 1024 && this.readyHead * 2 > this.ready.length) {
      this.ready.splice(0, this.readyHead);
      this.readyHead = 0;
    }
  }
}

/** Inserts keeping (timestamp, seq) order; batches are mostly in order, so scan from the end. */
function insertSorted(queue: QueuedTurn[], turn: QueuedTurn): void {
  let i = queue.length;
  while (i > 0) {
    const before = queue[i - 1] as QueuedTurn;
    if (before.timestamp < turn.timestamp || (before.timestamp === turn.timestamp && before.seq < turn.seq))
      break;
    i--;
  }
  queue.splice(i, 0, turn);
}

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
}

/** Options of {@link TurnScheduler}. */
export interface TurnSchedulerOptions {
  /** Accepted turns not yet finished, at most. Default 10,000. */
  maxPending: number;
  /** Turns running at once across conversations. Default 100. */
  maxConcurrent: number;
  /** Receives a turn's rejection (the adapter routes turn errors itself; this is a last resort). */
  onError: (error: unknown) => void;
}

interface QueuedTurn extends ScheduledTurn {
  readonly seq: number;
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

  constructor(private readonly options: TurnSchedulerOptions) {}

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
   */
  tryReserve(count: number): boolean {
    if (this.pending + count > this.options.maxPending) return false;
    this.reserved += count;
    return true;
  }

  /** Gives back reserved room. */
  release(count: number): void {
    this.reserved = Math.max(0, this.reserved - count);
  }

  /**
   * Queues a turn for conversation `key`. `reserved` says whether room was reserved for it with
   * {@link tryReserve}; follow-up turns (dispatched from inside a turn) skip the bound.
   */
  enqueue(key: string, turn: ScheduledTurn, reserved: boolean): void {
    if (reserved) this.release(1);
    this.pendingCount++;
    const queued: QueuedTurn = { timestamp: turn.timestamp, run: turn.run, seq: this.seq++ };
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
    while (this.active < this.options.maxConcurrent && this.readyHead < this.ready.length) {
      const key = this.ready[this.readyHead++] as string;
      this.compactReady();
      const queue = this.queues.get(key);
      const turn = queue?.shift();
      if (!queue || !turn) continue;
      this.start(key, queue, turn);
    }
  }

  private start(key: string, queue: QueuedTurn[], turn: QueuedTurn): void {
    this.active++;
    this.running.add(key);
    let promise: Promise<void>;
    try {
      promise = Promise.resolve(turn.run());
    } catch (error) {
      promise = Promise.reject(error);
    }
    promise
      .catch((error: unknown) => this.options.onError(error))
      .finally(() => {
        this.active--;
        this.pendingCount--;
        this.running.delete(key);
        if (queue.length > 0) this.ready.push(key);
        else this.queues.delete(key);
        this.pump();
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

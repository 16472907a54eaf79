/**
 * Backpressure for a full backlog: webhook requests that arrive while no batch fits wait here,
 * unread, for a bounded time, and go on as soon as a finished turn makes room. Waiting costs an
 * unread socket and a timer; a 503 costs an error, a response and (at once) Meta's next request.
 *
 * @module
 */

/**
 * The real `setTimeout`, taken when the module loads: tests that fake timers for their own clocks
 * must not freeze a held webhook request.
 */
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;

/** Longest hold {@link MessengerAdapterOptions.overloadHoldMs} accepts: well inside Meta's 5 s. */
export const MAX_OVERLOAD_HOLD_MS = 4000;
/** Default hold of a request that finds the backlog full, in ms. */
export const DEFAULT_OVERLOAD_HOLD_MS = 1000;
/** Requests held at once, at most; past it a request is refused at once (memory stays bounded). */
export const MAX_HELD_REQUESTS = 256;

interface Waiter {
  resolve(room: boolean): void;
  timer: NodeJS.Timeout;
}

/**
 * Requests waiting for room in the backlog, first come first served, each for at most its hold
 * time and at most {@link MAX_HELD_REQUESTS} at once.
 *
 * @example
 * ```ts
 * const waiters = new RoomWaiters();
 * if (!(await waiters.wait(1000))) answer503();
 * // elsewhere, when a turn finishes and the backlog has room:
 * waiters.wakeOne();
 * ```
 */
export class RoomWaiters {
  /** At most {@link MAX_HELD_REQUESTS} long: shift and splice stay cheap. */
  private readonly queue: Waiter[] = [];

  /** Requests held right now. */
  get held(): number {
    return this.queue.length;
  }

  /**
   * Resolves `true` when {@link wakeOne} lets this request go on, `false` after `holdMs`, or at
   * once when `holdMs` is 0 or {@link MAX_HELD_REQUESTS} requests are already held. `first`: wait at
   * the head of the queue (a request that was woken already but whose batch did not fit yet keeps
   * its turn, instead of going behind requests that came later).
   */
  wait(holdMs: number, first = false): Promise<boolean> {
    if (holdMs <= 0 || this.held >= MAX_HELD_REQUESTS) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = {
        resolve,
        timer: realSetTimeout(() => {
          const index = this.queue.indexOf(waiter);
          if (index >= 0) this.queue.splice(index, 1);
          resolve(false);
        }, holdMs),
      };
      if (first) this.queue.unshift(waiter);
      else this.queue.push(waiter);
    });
  }

  /** Lets the longest-held request go on (its batch is then bounded as any other). */
  wakeOne(): void {
    const waiter = this.queue.shift();
    if (waiter === undefined) return;
    realClearTimeout(waiter.timer);
    waiter.resolve(true);
  }

  /** Lets every held request go on (shutdown: they are then refused as the adapter closes). */
  wakeAll(): void {
    while (this.held > 0) this.wakeOne();
  }
}

/**
 * Operations of one kind issued in one tick of the event loop, sent to Redis as one command. The turns
 * of a webhook batch mark their events, read their user names and thread owners, and record their
 * users' interactions in the same tick: one command per tick instead of one per key saves the client's
 * per-command work (ioredis makes a `Command`, a promise and a timer for each), on top of the one socket
 * write auto-pipelining already gives them.
 *
 * The batch is sent in `process.nextTick`: after the promise continuations of the tick, and before
 * ioredis's own auto-pipeline flush (`setImmediate`), so it still leaves in the same write as the
 * tick's other commands.
 *
 * @module
 */

/**
 * Sends the operations of one batch (never empty) and answers one promise per operation, in order:
 * a failed command rejects them all (the same outage for each), a failure of one key only its own.
 */
export type BatchSender<Op, Result> = (ops: readonly [Op, ...Op[]]) => Promise<readonly Promise<Result>[]>;

/**
 * Collects the operations of a tick and hands them to `send` together.
 *
 * @example
 * ```ts
 * const reads = new TickBatch<string, unknown>((keys) => readMany(keys));
 * const [a, b] = await Promise.all([reads.add('k1'), reads.add('k2')]); // one command
 * ```
 */
export class TickBatch<Op, Result> {
  #ops: Op[] = [];
  #waiters: { resolve(result: Result | Promise<Result>): void; reject(error: unknown): void }[] = [];

  /** @param send sends one batch; see {@link BatchSender}. */
  constructor(private readonly send: BatchSender<Op, Result>) {}

  /** Queues `op` for this tick's batch; settles with its own answer. */
  add(op: Op): Promise<Result> {
    if (this.#ops.length === 0) process.nextTick(() => this.flush());
    this.#ops.push(op);
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  private flush(): void {
    const [first, ...rest] = this.#ops;
    const waiters = this.#waiters;
    this.#ops = [];
    this.#waiters = [];
    if (first === undefined) return;
    this.send([first, ...rest]).then(
      (results) =>
        waiters.forEach((waiter, index) => {
          const result = results[index];
          if (result === undefined) waiter.reject(new Error('a batched Redis operation got no answer'));
          else waiter.resolve(result);
        }),
      (error: unknown) => {
        for (const waiter of waiters) waiter.reject(error);
      },
    );
  }
}

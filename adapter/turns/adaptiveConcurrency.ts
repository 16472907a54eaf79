import { performance, type EventLoopUtilization } from 'node:perf_hooks';

/** The adaptive limit never goes below this (or below `maxConcurrent`, when that is lower). */
export const MIN_ADAPTIVE_CONCURRENCY = 8;
/** How often the event loop's utilization is sampled, at most (ms). */
export const LOAD_SAMPLE_MS = 100;
/** Utilization at or above which the process counts as CPU-bound: the limit shrinks. */
export const SATURATED_UTILIZATION = 0.9;
/** Utilization below which the limit grows back, when turns were waiting for a slot. */
export const RELAXED_UTILIZATION = 0.75;
/** Samples in a row that must find the loop saturated before the limit shrinks. */
export const SATURATED_SAMPLES = 2;
/**
 * Turns that take longer than this on average (ms) are waiting on I/O, not on the CPU: their slots
 * are never taken away, however busy the loop is (an LLM call, a slow API, a bot that sleeps).
 */
export const SHORT_TURN_MS = 500;

/** Reads the event loop's utilization since `previous` (node's `performance.eventLoopUtilization`). */
export type UtilizationMeter = (previous?: EventLoopUtilization) => EventLoopUtilization;

/**
 * How many turns may run at once, adapted to the CPU. Turns that wait on I/O (Graph, an LLM, a
 * database) need many slots to keep the process busy, so the limit starts at `max`. When the event
 * loop is saturated, more concurrent turns add no throughput: they only queue more callbacks ahead of
 * the webhook's next request, whose 200 then waits behind them. So while the loop is saturated (in
 * {@link SATURATED_SAMPLES} samples in a row), turns fill every slot and they are short (under
 * {@link SHORT_TURN_MS} on average: they wait on the CPU, not on I/O), the limit shrinks (down to
 * {@link MIN_ADAPTIVE_CONCURRENCY}); once the loop has room again, or turns get long, it grows back
 * towards `max`.
 *
 * It is sampled lazily (on {@link observe}, at most every {@link LOAD_SAMPLE_MS}): no timer.
 */
export class AdaptiveConcurrency {
  private current: number;
  private readonly floor: number;
  private lastSampleAt: number;
  private lastUtilization: EventLoopUtilization;
  /** A turn wanted a slot while every slot was taken, since the last sample. */
  private hitLimit = false;
  /** Saturated samples in a row. */
  private saturatedRun = 0;

  constructor(
    private readonly max: number,
    private readonly meter: UtilizationMeter = (previous) => performance.eventLoopUtilization(previous),
    private readonly now: () => number = () => performance.now(),
  ) {
    this.current = max;
    this.floor = Math.min(max, MIN_ADAPTIVE_CONCURRENCY);
    this.lastSampleAt = now();
    this.lastUtilization = meter();
  }

  /** The number of turns that may run at once right now. */
  get limit(): number {
    return this.current;
  }

  /**
   * Called after turns were started: `active` turns run, `waiting` is true when a turn is still
   * ready for a slot, `turnMs` is the average turn duration (undefined before the first finishes).
   * Samples the loop at most every {@link LOAD_SAMPLE_MS} and moves the limit.
   */
  observe(active: number, waiting: boolean, turnMs: number | undefined): void {
    if (waiting && active >= this.current) this.hitLimit = true;
    const at = this.now();
    if (at - this.lastSampleAt < LOAD_SAMPLE_MS) return;
    const utilization = this.meter(this.lastUtilization).utilization;
    this.lastUtilization = this.meter();
    this.lastSampleAt = at;
    this.saturatedRun = utilization >= SATURATED_UTILIZATION ? this.saturatedRun + 1 : 0;
    const shortTurns = turnMs !== undefined && turnMs < SHORT_TURN_MS;
    if (this.hitLimit && shortTurns && this.saturatedRun >= SATURATED_SAMPLES) {
      this.current = Math.max(this.floor, Math.floor(this.current * 0.75));
    } else if ((utilization < RELAXED_UTILIZATION || !shortTurns) && this.current < this.max) {
      this.current = Math.min(this.max, Math.ceil(this.current * 1.25) + 1);
    }
    this.hitLimit = false;
  }
}

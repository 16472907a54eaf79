/**
 * Options of durable intake (`MessengerAdapter({ durableIntake })`), their defaults and validation.
 *
 * @module
 */
import { z } from 'zod';

/** Default {@link DurableIntakeOptions.partitions}. */
export const DEFAULT_DURABLE_PARTITIONS = 16;
/** Default {@link DurableIntakeOptions.leaseMs}. */
export const DEFAULT_DURABLE_LEASE_MS = 10_000;
/** Default {@link DurableIntakeOptions.pollMs}. */
export const DEFAULT_DURABLE_POLL_MS = 50;
/** Default {@link DurableIntakeOptions.readCount}. */
export const DEFAULT_DURABLE_READ_COUNT = 100;

/**
 * Tuning of durable intake; `durableIntake: true` takes every default.
 *
 * @example
 * ```ts
 * const options: DurableIntakeOptions = { leaseMs: 5000 };
 * ```
 */
export interface DurableIntakeOptions {
  /**
   * Streams the events are spread over, by conversation (default 16). Each is read by one live
   * instance at a time, which keeps each conversation in order across instances; more partitions
   * spread the work over more instances. Every instance of a bot must use the same number.
   */
  partitions?: number;
  /**
   * How long an instance holds a partition without renewing it (default 10,000 ms). When an
   * instance dies, its partitions and its unfinished entries (idle this long) go to the others after
   * about this time, and about twice it at most.
   */
  leaseMs?: number;
  /** Pause between reads of the streams when they were empty, in ms (default 50). */
  pollMs?: number;
  /** Entries read at once (default 100). */
  readCount?: number;
}

/** {@link DurableIntakeOptions} with every default applied. */
export interface ResolvedDurableIntakeOptions {
  readonly partitions: number;
  readonly leaseMs: number;
  readonly pollMs: number;
  readonly readCount: number;
}

/** The schema the adapter's option validation uses for `durableIntake`. */
export const durableIntakeSchema = z.union([
  z.boolean(),
  z.strictObject({
    partitions: z.number().int().min(1).max(1024).optional(),
    leaseMs: z.number().int().min(500).max(600_000).optional(),
    pollMs: z.number().int().min(1).max(10_000).optional(),
    readCount: z.number().int().min(1).max(10_000).optional(),
  }),
]);

/** The resolved options, or `undefined` when durable intake is off. */
export function resolveDurableIntake(
  value: boolean | DurableIntakeOptions | undefined,
): ResolvedDurableIntakeOptions | undefined {
  if (value === undefined || value === false) return undefined;
  const o = value === true ? {} : value;
  return {
    partitions: o.partitions ?? DEFAULT_DURABLE_PARTITIONS,
    leaseMs: o.leaseMs ?? DEFAULT_DURABLE_LEASE_MS,
    pollMs: o.pollMs ?? DEFAULT_DURABLE_POLL_MS,
    readCount: o.readCount ?? DEFAULT_DURABLE_READ_COUNT,
  };
}

/**
 * Turn intake: graceful shutdown reports and durable intake options.
 *
 * @module
 */
export { type CloseReport, DEFAULT_DRAIN_TIMEOUT_MS, type DrainReport } from './drain';
export type { DurableIntakeOptions } from './durableOptions';

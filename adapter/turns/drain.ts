/**
 * What a graceful shutdown reports, and how it is logged.
 *
 * @module
 */
import type { MessengerLogger } from '../options';

/** What a graceful shutdown reports: acknowledged events whose turns did not finish (counts only). */
export interface DrainReport {
  /** Acknowledged events whose turns never started (dropped at the deadline). */
  readonly notStarted: number;
  /** Acknowledged events whose turns were still running at the deadline. */
  readonly stillRunning: number;
  /** Refused attempts whose redelivery marks could not be released (their redelivery may be dropped). */
  readonly unreleasedMarks: number;
  /**
   * Durable intake: of the above, the events that stay in the Redis stream and are run by another
   * instance (or this one after a restart), so not lost. 0 with the in-memory intake.
   */
  readonly handedOver: number;
}

/** Default of `drainTimeoutMs`: 20 s, inside the 30 s grace period Kubernetes gives by default. */
export const DEFAULT_DRAIN_TIMEOUT_MS = 20_000;

/**
 * What `MessengerAdapter.close()` resolves with: acknowledged events whose turns did not finish
 * before the deadline (with the in-memory intake they are lost; with durable intake they stay in the
 * stream and another instance runs them).
 */
export type CloseReport = DrainReport;

/** Logs a shutdown that left work behind (counts only, never contents); silent when nothing was left. */
export function reportDrain(report: DrainReport, logger: MessengerLogger): void {
  if (report.notStarted === 0 && report.stillRunning === 0 && report.unreleasedMarks === 0) return;
  const message =
    report.handedOver > 0
      ? 'botbuilder-adapter-messenger: shutdown handed unfinished events back to the Redis stream'
      : 'botbuilder-adapter-messenger: shutdown left acknowledged events unfinished';
  logger.error(message, {
    notStarted: report.notStarted,
    stillRunning: report.stillRunning,
    unreleasedMarks: report.unreleasedMarks,
    handedOver: report.handedOver,
  });
}

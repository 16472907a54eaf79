/**
 * What a graceful shutdown reports, and how it is logged.
 *
 * @module
 */
import type { MessengerLogger } from '../options';
import type { DrainReport } from './eventIntake';

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

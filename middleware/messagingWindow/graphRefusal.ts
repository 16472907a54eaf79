/**
 * Meta's own window refusals (Graph 10/2018278 on Messenger, 10/2534022 on Instagram): recognising
 * them, which window they prove closed, and the `MESSAGING_WINDOW_CLOSED` error they become.
 *
 * They happen when the local record was wrong: the store was reset or expired, another instance saw
 * different events, or a clock is skewed.
 *
 * @module
 */
import { GraphApiError } from '../../adapter/errors';
import type { MessengerChannelId } from '../../adapter/platform';
import type { SendApiBody } from '../../adapter/sendPipeline';
import { formatDuration, stillAllowed } from './windowMessages';
import type { RefusedWindow } from './windowState';
import { windowPhase } from './windows';
import { copyWith } from '../../adapter/copyWith';

/** Graph subcodes (with code 10) of a message sent outside the allowed window. */
export const WINDOW_REFUSAL_SUBCODES: readonly number[] = [2018278, 2534022];

/**
 * True when `error` is Meta refusing a send as outside the messaging window: a `GraphApiError` with
 * code `MESSAGING_WINDOW_CLOSED`, or Graph 10/2018278 / 10/2534022 whatever code it was mapped to.
 */
export function isGraphWindowRefusal(error: unknown): error is GraphApiError {
  if (!(error instanceof GraphApiError)) return false;
  if (error.code === 'MESSAGING_WINDOW_CLOSED') return true;
  return (
    error.graphCode === 10 &&
    error.graphSubcode !== undefined &&
    WINDOW_REFUSAL_SUBCODES.includes(error.graphSubcode)
  );
}

/**
 * Which window a refusal proves closed: a message tagged HUMAN_AGENT / CUSTOMER_FEEDBACK refused
 * means 7 days have passed (`all`); anything else (untagged, a sender action, a News Messaging tag)
 * only that 24 hours have (`standard`).
 */
export function refusedWindowOf(body: SendApiBody | undefined): RefusedWindow {
  if (body === undefined || body.messaging_type !== 'MESSAGE_TAG') return 'standard';
  return body.tag === 'HUMAN_AGENT' || body.tag === 'CUSTOMER_FEEDBACK' ? 'all' : 'standard';
}

/** What {@link windowRefusalError} needs. */
export interface WindowRefusalFacts {
  readonly channelId: MessengerChannelId;
  readonly conversationId: string;
  readonly now: number;
  /** The record before the correction. */
  readonly previous: number | undefined;
  /** The record after the correction. */
  readonly corrected: number;
  readonly humanAgentTag: boolean;
}

/**
 * The `MESSAGING_WINDOW_CLOSED` error a Graph window refusal becomes: still a `GraphApiError` (with
 * `graphCode`, `graphSubcode`, `fbtraceId`), with a message that says what the record said, and what
 * is allowed now.
 */
export function windowRefusalError(original: GraphApiError, facts: WindowRefusalFacts): GraphApiError {
  const graph = `Graph ${original.graphCode}${original.graphSubcode !== undefined ? `/${original.graphSubcode}` : ''}`;
  const trace = original.fbtraceId !== undefined ? `, fbtrace_id ${original.fbtraceId}` : '';
  const before =
    facts.previous === undefined
      ? 'no interaction of the user was on record'
      : `the record said the user last wrote ${formatDuration(Math.max(0, facts.now - facts.previous))} ago`;
  const phase = windowPhase(facts.channelId, facts.corrected, facts.now);
  const allowed = stillAllowed({
    channelId: facts.channelId,
    lastUserAt: facts.corrected,
    now: facts.now,
    phase,
    humanAgentTag: facts.humanAgentTag,
  });
  return new GraphApiError(
    'MESSAGING_WINDOW_CLOSED',
    `Meta refused the message as outside the messaging window (${graph}${trace}): ${before}. The record is ` +
      `corrected, so further messages are refused before any Graph call. ${allowed}`,
    {
      cause: original,
      graphCode: original.graphCode,
      ...(original.graphSubcode !== undefined ? { graphSubcode: original.graphSubcode } : {}),
      ...(original.fbtraceId !== undefined ? { fbtraceId: original.fbtraceId } : {}),
      ...(original.graphType !== undefined ? { graphType: original.graphType } : {}),
      ...(original.httpStatus !== undefined ? { httpStatus: original.httpStatus } : {}),
      ...(original.isTransient !== undefined ? { isTransient: original.isTransient } : {}),
      ...(original.method !== undefined ? { method: original.method } : {}),
      ...(original.path !== undefined ? { path: original.path } : {}),
      ...(original.usage !== undefined ? { usage: original.usage } : {}),
      details: copyWith(original.details ?? {}, {
        conversationId: facts.conversationId,
        channelId: facts.channelId,
        phase,
        previousLastUserAt: facts.previous,
        lastUserAt: facts.corrected,
      }),
    },
  );
}

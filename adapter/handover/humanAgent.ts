/**
 * How a message written by a person through this app (a contact-centre console built on this
 * package) is told from the bot's own messages: `channelData.humanAgent === true` on the outgoing
 * activity.
 *
 * - `HandoverMiddleware` never holds such a message back, and (by default) holds the bot's own
 *   messages from then on, until the bot takes the thread back;
 * - `MessagingWindowMiddleware` tags it `HUMAN_AGENT` between 24 hours and 7 days after the person's
 *   last message.
 *
 * @module
 */
import type { PlainActivity } from '../activity';
import { copyWith } from '../copyWith';

/** True when `activity` is marked as written by a human agent (`channelData.humanAgent === true`). */
export function isHumanAgentActivity(activity: Pick<PlainActivity, 'channelData'>): boolean {
  const channelData: unknown = activity.channelData;
  return (
    typeof channelData === 'object' &&
    channelData !== null &&
    (channelData as { humanAgent?: unknown }).humanAgent === true
  );
}

/**
 * Marks a message as written by a human agent: a copy of the activity (or a text message) with
 * `channelData.humanAgent = true`; the other `channelData` fields are kept.
 *
 * @example
 * ```ts
 * // a contact-centre console relaying an agent's reply
 * await adapter.continueConversationAsync('', reference, async (context) => {
 *   await context.sendActivity(asHumanAgent(agentReply));
 * });
 * ```
 */
export function asHumanAgent(text: string): HumanAgentMessage;
export function asHumanAgent<T extends { channelData?: unknown }>(
  activity: T,
): T & { channelData: HumanAgentChannelData };
export function asHumanAgent(activityOrText: string | { channelData?: unknown }): {
  channelData: HumanAgentChannelData;
} {
  const activity: Record<string, unknown> =
    typeof activityOrText === 'string'
      ? { type: 'message', text: activityOrText }
      : (activityOrText as Record<string, unknown>);
  const channelData = activity.channelData;
  const base =
    typeof channelData === 'object' && channelData !== null ? (channelData as Record<string, unknown>) : {};
  return copyWith(activity, { channelData: copyWith(base, { humanAgent: true as const }) });
}

/** `channelData` of a message marked as a human agent's. */
export type HumanAgentChannelData = Record<string, unknown> & { humanAgent: true };

/** A text message marked as a human agent's (what `asHumanAgent(text)` returns). */
export interface HumanAgentMessage {
  type: 'message';
  text: string;
  channelData: HumanAgentChannelData;
}

/**
 * In sandbox mode, the messages the bot's `MessagingWindowMiddleware` stops before any Graph call
 * (for the window, a tag or a messaging type) are shown on the sandbox page, with the reason, where
 * they would have been.
 *
 * @module
 */
import type {
  LocalRefusalEvent,
  MessengerTurnContext,
  WindowClosedEvent,
  WindowStatus,
} from 'botbuilder-adapter-messenger';
import type { BotRefusal } from '../../sandbox/world/sendRecord';

/** A `MessagingWindowMiddleware` `onWindowClosed` hook (the same under botbuilder and the Agents SDK). */
export type WindowClosedHook = (context: MessengerTurnContext, event: WindowClosedEvent) => void | Promise<void>;

/** A `MessagingWindowMiddleware` `onRefused` hook (the same under botbuilder and the Agents SDK). */
export type RefusalHook = (context: MessengerTurnContext, event: LocalRefusalEvent) => void | Promise<void>;

/** Why the window middleware stopped a message: by the window status it saw, else the error's own words. */
function reasonOf(event: LocalRefusalEvent): string {
  // Tags and messaging types: the error says the rule and what is still allowed (never contents).
  if (event.error.code !== 'MESSAGING_WINDOW_CLOSED') return event.error.message;
  const status: WindowStatus = event.state.status;
  if (status === 'human-agent-only') {
    return "the 24-hour window is closed, so the bot's MessagingWindowMiddleware stopped this automated message before Meta (a person's reply may still go out, tagged HUMAN_AGENT).";
  }
  if (status === 'closed') {
    return "the user last wrote more than 7 days ago: the bot's MessagingWindowMiddleware stopped it before Meta; nothing may go out until they write again.";
  }
  return "the bot's MessagingWindowMiddleware stopped it before Meta: the messaging window is not open.";
}

/**
 * An `onRefused` hook that reports each message the middleware refused locally to `report` (the
 * sandbox's `reportRefusal`). Refusals by Meta's side are not reported: the sandbox saw those.
 */
export function reportRefusals(report: (userId: string, refusal: BotRefusal) => void): RefusalHook {
  return (_context, event) => {
    if (event.userId === undefined) return;
    for (const activity of event.activities) {
      const channelData = (activity.channelData ?? {}) as { humanAgent?: unknown; messaging_type?: unknown; tag?: unknown };
      const human = channelData.humanAgent === true;
      const tag = typeof channelData.tag === 'string' ? channelData.tag : human ? 'HUMAN_AGENT' : undefined;
      const messagingType =
        typeof channelData.messaging_type === 'string' ? channelData.messaging_type : tag ? 'MESSAGE_TAG' : 'RESPONSE';
      report(event.userId, {
        reason: reasonOf(event),
        ...(typeof activity.text === 'string' ? { message: { text: activity.text } } : {}),
        messagingType,
        ...(tag ? { tag } : {}),
      });
    }
  };
}

/**
 * In sandbox mode, the messages the bot's `MessagingWindowMiddleware` stops before any Graph call
 * are shown on the sandbox page, with the reason, where they would have been.
 *
 * @module
 */
import type { MessengerTurnContext, WindowClosedEvent, WindowStatus } from 'botbuilder-adapter-messenger';
import type { BotRefusal } from '../../sandbox/world/sendRecord';

/** A `MessagingWindowMiddleware` `onWindowClosed` hook (the same under botbuilder and the Agents SDK). */
export type WindowClosedHook = (context: MessengerTurnContext, event: WindowClosedEvent) => void | Promise<void>;

/** Why the window middleware stopped a message, by the window status it saw. */
function reasonOf(status: WindowStatus): string {
  if (status === 'human-agent-only') {
    return "the 24-hour window is closed, so the bot's MessagingWindowMiddleware stopped this automated message before Meta (a person's reply may still go out, tagged HUMAN_AGENT).";
  }
  if (status === 'closed') {
    return "the user last wrote more than 7 days ago: the bot's MessagingWindowMiddleware stopped it before Meta; nothing may go out until they write again.";
  }
  return "the bot's MessagingWindowMiddleware stopped it before Meta: the messaging window is not open.";
}

/**
 * An `onWindowClosed` hook that reports each message the middleware refused locally to `report`
 * (the sandbox's `reportRefusal`). Refusals by Meta's side are not reported: the sandbox saw those.
 */
export function reportWindowRefusals(report: (userId: string, refusal: BotRefusal) => void): WindowClosedHook {
  return (_context, event) => {
    if (event.source !== 'local' || event.userId === undefined) return;
    for (const activity of event.activities) {
      const human = (activity.channelData as { humanAgent?: unknown } | undefined)?.humanAgent === true;
      report(event.userId, {
        reason: reasonOf(event.state.status),
        ...(typeof activity.text === 'string' ? { message: { text: activity.text } } : {}),
        ...(human ? { messagingType: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' } : { messagingType: 'RESPONSE' }),
      });
    }
  };
}

/** Calls each hook given, in order (the sample's own hook, then the sandbox's). */
export function bothHooks(...hooks: (WindowClosedHook | undefined)[]): WindowClosedHook | undefined {
  const given = hooks.filter((hook): hook is WindowClosedHook => hook !== undefined);
  if (given.length === 0) return undefined;
  return async (context, event) => {
    for (const hook of given) await hook(context, event);
  };
}

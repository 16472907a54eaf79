/**
 * `createHandoffInitiation`: the Bot Framework `handoff.initiate` event, built the way botbuilder's
 * `EventFactory.createHandoffInitiation` builds it, for any framework (the Agents SDK has no
 * `EventFactory`). `HandoverMiddleware` turns it into a pass of thread control.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { PlainActivity, PlainAttachment } from '../activity';
import { MessengerError } from '../errors';
import type { TurnActivity } from '../turnContext';
import { HANDOFF_INITIATE } from './handoffEvents';
import { copyWith } from '../copyWith';

/**
 * The `handoff.initiate` event for the current conversation: send it with `context.sendActivity`.
 * `handoffContext` becomes the event's `value` (and the pass's metadata); `transcript`, when given,
 * is attached as `application/json` named `Transcript`, as in botbuilder.
 *
 * @throws MessengerError `CONFIG_INVALID` without a turn context.
 *
 * @example
 * ```ts
 * await context.sendActivity(createHandoffInitiation(context, { skill: 'billing' }));
 * ```
 */
export function createHandoffInitiation(
  context: { readonly activity: TurnActivity },
  handoffContext?: unknown,
  transcript?: unknown,
): PlainActivity {
  const activity = context?.activity;
  if (!activity) {
    throw new MessengerError('CONFIG_INVALID', 'createHandoffInitiation needs the turn context: pass `context`.');
  }
  const conversation = activity.conversation?.id !== undefined ? copyWith(activity.conversation, { id: activity.conversation.id }) : undefined;
  const attachments: PlainAttachment[] =
    transcript === undefined ? [] : [{ content: transcript, contentType: 'application/json', name: 'Transcript' }];
  return {
    type: 'event',
    name: HANDOFF_INITIATE,
    value: handoffContext,
    id: randomUUID(),
    timestamp: new Date(),
    localTimezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    ...(conversation ? { conversation } : {}),
    attachments,
    entities: [],
    ...(activity.from?.id !== undefined ? { from: copyWith(activity.from, { id: activity.from.id }) } : {}),
    relatesTo: {
      activityId: activity.id,
      user: activity.from,
      bot: activity.recipient,
      conversation: activity.conversation,
      channelId: activity.channelId,
      locale: activity.locale,
      serviceUrl: activity.serviceUrl,
    },
    ...(activity.id !== undefined ? { replyToId: activity.id } : {}),
    ...(activity.serviceUrl !== undefined ? { serviceUrl: activity.serviceUrl } : {}),
    ...(activity.channelId !== undefined ? { channelId: activity.channelId } : {}),
  };
}

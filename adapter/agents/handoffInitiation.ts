import { Activity } from '@microsoft/agents-activity';
import { createHandoffInitiation as createPlainHandoffInitiation } from '../handover';
import type { TurnActivity } from '../turnContext';
import { copyWith } from '../copyWith';

/**
 * The Bot Framework `handoff.initiate` event for the current conversation, as an Agents SDK
 * `Activity` (the SDK has no `EventFactory`): send it with `context.sendActivity`, and
 * `HandoverMiddleware` passes thread control. `handoffContext` becomes the event's `value` (and the
 * pass's metadata); `transcript` is attached as `application/json` named `Transcript`.
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
): Activity {
  const plain = createPlainHandoffInitiation(context, handoffContext, transcript);
  // The Agents SDK's conversation references name the Page / IG account `agent` (botbuilder: `bot`).
  const relatesTo = copyWith(plain.relatesTo as Record<string, unknown>, { agent: context.activity.recipient });
  return Activity.fromObject(copyWith(plain, { relatesTo }));
}

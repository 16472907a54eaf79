/**
 * The conversions between the core's plain activities and the Agents SDK's `Activity` class, and the
 * Agents SDK traps they handle:
 * - `Activity.fromObject` (zod) refuses `suggestedActions` without `to` and card actions without a
 *   `title`, although both are optional for Messenger: {@link relaxForSchema} fills them in.
 * - `channelId` is a getter on the prototype, so `{ ...activity }` loses it: {@link pinChannelId}
 *   makes it an own property, and {@link toPlainOutgoing} reads it either way.
 * - `MessageFactory.suggestedActions(['red'])` sends the value `{ text: 'red' }`, so a tap would come
 *   back as `{"text":"red"}`: {@link toPlainOutgoing} sends `red`.
 *
 * @module
 */
import { Activity } from '@microsoft/agents-activity';
import type { PlainActivity, PlainCardAction } from '../activity';
import type { TurnActivity } from '../turnContext';
import { copyWith } from '../copyWith';

/** An inbound (or continuation / follow-up) activity as the Agents SDK wants it: an `Activity` instance. */
export function toAgentsActivity(activity: PlainActivity): Activity {
  return pinChannelId(Activity.fromObject(activity));
}

/** Makes `channelId` an own, enumerable property of `activity`, so a spread copy keeps it. */
export function pinChannelId<T extends object>(activity: T): T {
  const channelId = (activity as { channelId?: unknown }).channelId;
  if (Object.prototype.hasOwnProperty.call(activity, 'channelId') || typeof channelId !== 'string') return activity;
  Object.defineProperty(activity, 'channelId', { value: channelId, enumerable: true, writable: true, configurable: true });
  return activity;
}

/** A copy of an outgoing activity that `Activity.fromObject` accepts (missing `to` and action titles filled in). */
export function relaxForSchema<T extends TurnActivity>(activity: T): T {
  const suggested = activity.suggestedActions;
  if (suggested === undefined || suggested === null) return activity;
  return copyWith(pinChannelId(activity), {
    suggestedActions: copyWith(suggested, { to: suggested.to ?? [], actions: (suggested.actions ?? []).map(withTitle) }),
  }) as T; // T with its suggestedActions replaced by a filled-in copy: still a T
}

/** The plain activity the core delivers for an outgoing Agents SDK activity. */
export function toPlainOutgoing(activity: TurnActivity): PlainActivity {
  const channelId = activity.channelId ?? (activity as { _channelId?: string })._channelId;
  const plain = (channelId !== undefined ? copyWith(activity, { channelId }) : { ...activity }) as PlainActivity;
  if (plain.suggestedActions) {
    plain.suggestedActions = copyWith(plain.suggestedActions, { actions: plain.suggestedActions.actions.map(unwrapTextValue) });
  }
  return plain;
}

function withTitle(action: PlainCardAction): PlainCardAction {
  if (typeof action.title === 'string') return action;
  const label = [action.displayText, action.text, typeof action.value === 'string' ? action.value : undefined].find(
    (candidate): candidate is string => typeof candidate === 'string' && candidate.trim() !== '',
  );
  return copyWith(action, { title: label ?? '' });
}

/** `{ text: 'red' }` (what the Agents SDK's MessageFactory makes of a string choice) -> `'red'`. */
function unwrapTextValue(action: PlainCardAction): PlainCardAction {
  const value = action.value as Record<string, unknown> | undefined;
  if (action.type !== 'imBack' || typeof value !== 'object' || value === null) return action;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === 'text' && typeof value.text === 'string' ? copyWith(action, { value: value.text }) : action;
}

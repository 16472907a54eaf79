/**
 * Option `azureFacebookChannel`: where this adapter's documented activities differ from what Azure
 * Bot Service's Facebook channel delivered, give the bot Azure's shape instead. Applied after the
 * middleware ran (they keep reading this package's shapes), just before the bot logic.
 *
 * @module
 */
import type { PlainActivity } from '../activity';
import { MessengerEventNames } from './eventNames';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The `value` of Azure's `standby` event: the array of raw standby events, which also reads as the
 * entry `{ id, time, standby: [...] }` (Microsoft's own samples read it both ways).
 */
export type AzureStandbyValue = Record<string, unknown>[] & {
  id: string;
  time: number | undefined;
  standby: Record<string, unknown>[];
};

/**
 * Turns one activity of this adapter into the shape Azure's Facebook channel gave it, in place:
 *
 * | this adapter | with `azureFacebookChannel: true` |
 * |---|---|
 * | `event` `messenger.standby`, `value` = the raw event | `event` `standby`, `value` = `[raw]` (also `value.id` / `.time` / `.standby`), `channelData` = `{ id, time, standby: [raw] }` |
 * | `event` `messenger.handover` for `pass_thread_control` / `take_thread_control` | `conversationUpdate` (no name, no value); the raw event stays in `channelData.pass_thread_control` / `.take_thread_control` |
 * | quick reply `message`, `text` = the payload | `text` = the button title (the payload stays in `channelData.message.quick_reply.payload`) |
 *
 * Everything else is already as on Azure (`request_thread_control` is an `event` whose `value` holds
 * `request_thread_control`; opt-ins, referrals and echoes are events whose `value` carries the raw
 * event's keys). Echoes stay events: a bot must never answer its own message.
 */
export function toAzureShape(activity: PlainActivity, accountId: string): void {
  const value = activity.value;
  if (activity.type === 'event' && activity.name === MessengerEventNames.standby && isRecord(value)) {
    const time = typeof value.timestamp === 'number' ? value.timestamp : activity.timestamp?.getTime();
    const entry = { id: accountId, time, standby: [value] };
    const list: AzureStandbyValue = Object.assign([value], entry);
    activity.name = 'standby';
    activity.value = list;
    activity.channelData = entry;
    return;
  }
  if (
    activity.type === 'event' &&
    activity.name === MessengerEventNames.handover &&
    isRecord(value) &&
    (value.action === 'pass_thread_control' || value.action === 'take_thread_control')
  ) {
    activity.type = 'conversationUpdate';
    delete activity.name;
    delete activity.value;
    return;
  }
  const message = isRecord(activity.channelData) ? activity.channelData.message : undefined;
  if (activity.type === 'message' && isRecord(message) && isRecord(message.quick_reply)) {
    if (typeof message.text === 'string') activity.text = message.text;
  }
}

/**
 * `logic` as the bot sees it with option `azureFacebookChannel`: each turn's activity in Azure's shape
 * (see {@link toAzureShape}) once the middleware ran, just before `logic`.
 */
export function withAzureShape<TContext extends { activity: object }>(
  logic: (context: TContext) => Promise<void>,
  accountId: string,
): (context: TContext) => Promise<void> {
  return (context) => {
    // The turn's activity is the adapter's own inbound PlainActivity (the framework's Activity type over it).
    toAzureShape(context.activity as PlainActivity, accountId);
    return logic(context);
  };
}

/**
 * Which inbound webhook events open (or reopen) the messaging window: pure functions over the raw
 * event, so every shell agrees with the inbound mapping (they share `classifyEvent`).
 *
 * Meta (messenger-platform.md, "Windows"): a message, a Get Started / CTA click, a plugin message,
 * an m.me / ig.me link into an existing thread, and a reaction open the window; opting in to
 * marketing messages does not. The window belongs to the Page, so an event delivered on `standby`
 * (another app owns the thread) counts too.
 *
 * @module
 */
import { classifyEvent } from '../../adapter/inbound/eventKind';
import { toEpochMs } from '../../adapter/inbound/identity';
import type { TurnSource } from '../../adapter/turnInfo';

/** The user action that opened the window. */
export type WindowOpener = 'message' | 'quick_reply' | 'postback' | 'referral' | 'reaction' | 'optin';

/** `optin.type` values of marketing messages / one-time notifications: opting in opens no window. */
const NOTIFICATION_OPTIN_TYPES: readonly string[] = ['notification_messages', 'one_time_notif_req'];

/**
 * The window-opening user action an inbound event is, or `undefined` when it opens nothing.
 *
 * | event | opens? |
 * |---|---|
 * | message (text, attachments, stickers, IG story mention / reply, `is_unsupported`) | yes (`message`) |
 * | quick reply tap | yes (`quick_reply`) |
 * | postback (button, Get Started, menu, ice breaker; also on standby without payload) | yes |
 * | referral into an existing thread (m.me / ig.me, ad, chat plugin) | yes |
 * | reaction `react` | yes; `unreact` no |
 * | opt-in of a plugin (Send to Messenger) with a sender | yes; marketing / one-time-notification opt-ins and `user_ref`-only opt-ins no |
 * | echo, delivery, read / seen, edit, unsend, handover, policy enforcement, `changes[]` (comments), unknown | no |
 *
 * Edits and unsends refer to a message that already opened the window (Messenger allows edits for
 * 15 minutes), so counting them would add nothing but risk.
 *
 * @example
 * ```ts
 * windowOpenerOf('messaging', { sender: { id: 'PSID' }, recipient: { id: 'PAGE' }, timestamp: 1, message: { mid: 'm_1', text: 'hi' } }); // 'message'
 * windowOpenerOf('messaging', { sender: { id: 'PAGE' }, recipient: { id: 'PSID' }, timestamp: 1, message: { mid: 'm_2', is_echo: true } }); // undefined
 * ```
 */
export function windowOpenerOf(
  source: TurnSource,
  event: Readonly<Record<string, unknown>> | undefined,
): WindowOpener | undefined {
  if (event === undefined || (source !== 'messaging' && source !== 'standby')) return undefined;
  const kind = classifyEvent({ source, event });
  switch (kind.kind) {
    case 'message':
      return kind.message.quick_reply !== undefined ? 'quick_reply' : 'message';
    case 'postback':
      return 'postback';
    case 'referral':
      return 'referral';
    case 'reaction':
      return kind.reaction.action === 'react' ? 'reaction' : undefined;
    case 'optin': {
      const type = kind.optin.type;
      if (typeof type === 'string' && NOTIFICATION_OPTIN_TYPES.includes(type)) return undefined;
      return hasSender(event) ? 'optin' : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * When the user did what opened the window, in epoch ms: the event's `timestamp` (read as the activity
 * mapping reads it, {@link toEpochMs}: seconds are converted), but never later
 * than `now` (a clock ahead of ours must not stretch the window), or `now` when the event has none.
 * `undefined` when the event opens no window (see {@link windowOpenerOf}).
 */
export function userInteractionAt(
  source: TurnSource,
  event: Readonly<Record<string, unknown>> | undefined,
  now: number,
): number | undefined {
  if (windowOpenerOf(source, event) === undefined || event === undefined) return undefined;
  const timestamp = event.timestamp;
  if (typeof timestamp !== 'number' || !Number.isFinite(timestamp) || timestamp <= 0) return now;
  // The same reading as the activity mapping: a value in seconds is converted to ms.
  return Math.min(toEpochMs(timestamp), now);
}

function hasSender(event: Readonly<Record<string, unknown>>): boolean {
  const sender = event.sender;
  return typeof sender === 'object' && sender !== null && typeof (sender as { id?: unknown }).id === 'string';
}

/**
 * Who an event is about, which conversation it belongs to, and when it happened. The ordering queue,
 * the dedupe store and the activity mapping all use these, so they agree.
 *
 * @module
 */
import { conversationIdOf } from '../platform';
import type { WebhookEventRef } from '../webhook/envelope';

type Ref = Pick<WebhookEventRef, 'accountId' | 'source' | 'event'>;

function idOf(side: unknown): string | undefined {
  if (typeof side !== 'object' || side === null) return undefined;
  const id = (side as { id?: unknown }).id;
  return typeof id === 'string' ? id : undefined;
}

/** True for an echo (`message.is_echo`): a message the Page / IG account sent, so the user is the recipient. */
export function isEchoEvent(event: Readonly<Record<string, unknown>>): boolean {
  const message = event.message;
  return (
    typeof message === 'object' && message !== null && (message as { is_echo?: unknown }).is_echo === true
  );
}

/**
 * The PSID (Messenger) or IGSID (Instagram) of the person an event concerns: `sender.id`, or
 * `recipient.id` for an echo. When that side is the account itself (some delivery / read payloads
 * come with sender and recipient swapped), the other side is taken.
 *
 * `undefined` for account-level events (`app_roles`, `policy_enforcement`, plugin opt-ins with only a
 * `user_ref`) and for `changes[]` items (a commenter's id is not a messaging id; it is in
 * `activity.from.id` and `channelData.value.from`).
 *
 * @example
 * ```ts
 * eventUserId(ref); // '6780462125377510'
 * ```
 */
export function eventUserId(ref: Ref): string | undefined {
  if (ref.source === 'changes') return undefined;
  const sender = idOf(ref.event.sender);
  const recipient = idOf(ref.event.recipient);
  const echo = isEchoEvent(ref.event);
  const primary = echo ? recipient : sender;
  const other = echo ? sender : recipient;
  if (primary !== undefined && primary !== ref.accountId) return primary;
  if (primary === ref.accountId && other !== undefined && other !== ref.accountId) return other;
  return undefined;
}

/**
 * The conversation an event belongs to: `${userId}-${accountId}` (see `conversationIdOf`) when it
 * concerns a person, else the account id itself (account-level events and `changes[]` items, which
 * then run one at a time per account). The ordering queue serialises events by this id.
 */
export function eventConversationId(ref: Ref): string {
  const userId = eventUserId(ref);
  return userId === undefined ? ref.accountId : conversationIdOf(userId, ref.accountId);
}

/**
 * Epoch milliseconds from a Meta time value. Messaging sends milliseconds; Page `feed` changes (and
 * their `entry.time`) send seconds. Anything below 10^11 (which as milliseconds would be 1973) is read
 * as seconds.
 */
export function toEpochMs(value: number): number {
  return Math.abs(value) < 1e11 ? value * 1000 : value;
}

function finiteNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * When an event happened, in epoch milliseconds: the event's `timestamp`; for a `changes[]` item its
 * `value.created_time` (seconds, converted) or `value.timestamp`; else the entry's `time`; else now
 * (delivery events may have no time of their own). Values in seconds are converted (see
 * {@link toEpochMs}).
 */
export function eventTimestamp(ref: Pick<WebhookEventRef, 'source' | 'event' | 'entryTime'>): number {
  let own: number | undefined;
  if (ref.source === 'changes') {
    const value = ref.event.value;
    if (typeof value === 'object' && value !== null) {
      const record = value as Record<string, unknown>;
      own = finiteNumber(record.created_time) ?? finiteNumber(record.timestamp);
    }
  } else {
    own = finiteNumber(ref.event.timestamp);
  }
  const time = own ?? finiteNumber(ref.entryTime);
  return time === undefined ? Date.now() : toEpochMs(time);
}

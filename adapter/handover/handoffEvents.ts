/**
 * The Bot Framework handoff vocabulary as plain activities: the `handoff.status` events the bot
 * receives, and the outgoing events that ask for thread control (botbuilder's `handoff.initiate`, and
 * the .NET Facebook adapter's `pass_thread_control` / `take_thread_control` / `request_thread_control` /
 * `release_thread_control`).
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { PlainActivity } from '../activity';
import { MessengerError } from '../errors';
import { inboxAppId, type MessengerChannelId } from '../platform';
import { handoffContextToMetadata, truncateMetadata } from './metadata';

/** `handoff.initiate`: botbuilder's `HandoffEventNames.InitiateHandoff`. */
export const HANDOFF_INITIATE = 'handoff.initiate';
/** `handoff.status`: botbuilder's `HandoffEventNames.HandoffStatus`. */
export const HANDOFF_STATUS = 'handoff.status';

/** The states of a `handoff.status` event (Bot Framework handoff protocol). */
export type HandoffState = 'accepted' | 'failed' | 'completed';

/**
 * What caused a `handoff.status` (in its `channelData.trigger`):
 *
 * | trigger | meaning |
 * |---|---|
 * | `pass` | a pass of thread control (the bot's handoff, or a pass webhook) |
 * | `take` | a take of thread control (this app's, or another app's webhook) |
 * | `release` | a release of thread control (the thread became idle) |
 * | `request` | another app asked for control and the request hook granted it |
 * | `echo` | someone else wrote as the Page (a person in the Inbox took over, as Meta does) |
 * | `standby` | Meta delivered an event on standby: another app owns the thread |
 * | `send` | Meta refused a message with 2018300 / 2534037: another app owns the thread |
 * | `agent` | a human agent wrote through this app (a console), so the bot is held |
 * | `keyword` | the person typed a take-back keyword |
 * | `idle` | the agent was idle too long, or Meta made the thread idle (24 hours) |
 */
export type HandoffTrigger =
  | 'pass'
  | 'take'
  | 'release'
  | 'request'
  | 'echo'
  | 'standby'
  | 'send'
  | 'agent'
  | 'keyword'
  | 'idle';

/** The conversation a status event is about. */
export interface HandoffConversation {
  channelId: MessengerChannelId;
  accountId: string;
  userId: string;
  conversationId: string;
}

/** Extra facts of a status event, in its `channelData`. */
export interface HandoffStatusDetails {
  trigger: HandoffTrigger;
  /** The app that owns the thread after the change (absent when it is this app or unknown). */
  ownerAppId?: string;
  /** The `MessengerError` code of a `failed` status. */
  errorCode?: string;
}

/**
 * A `handoff.status` event, shaped like botbuilder's `EventFactory.createHandoffStatus(conversation,
 * state, message)` (`type: 'event'`, `name: 'handoff.status'`, `value: { state, message }`), and
 * addressed like an inbound activity from the person so the bot can reply to it.
 *
 * @example
 * ```ts
 * // in the bot
 * this.onEvent(async (context, next) => {
 *   if (context.activity.name === 'handoff.status' && context.activity.value.state === 'completed') {
 *     await context.sendActivity("I'm back. Anything else I can do?");
 *   }
 *   await next();
 * });
 * ```
 */
export function createHandoffStatus(
  conversation: HandoffConversation,
  state: HandoffState,
  message: string | undefined,
  details: HandoffStatusDetails,
  now: number,
): PlainActivity {
  return {
    type: 'event',
    name: HANDOFF_STATUS,
    id: randomUUID(),
    timestamp: new Date(now),
    channelId: conversation.channelId,
    conversation: { id: conversation.conversationId },
    from: { id: conversation.userId, role: 'user' },
    recipient: { id: conversation.accountId, role: 'bot' },
    value: message === undefined ? { state } : { state, message },
    channelData: details,
  };
}

/** A thread-control call the bot asked for with an outgoing event. */
export type ThreadControlCommand =
  | { kind: 'pass'; targetAppId: string; metadata: string | undefined }
  | { kind: 'take' | 'request' | 'release'; metadata: string | undefined };

/** The outgoing event names this middleware carries out. */
export const THREAD_CONTROL_EVENT_NAMES: readonly string[] = [
  HANDOFF_INITIATE,
  'pass_thread_control',
  'take_thread_control',
  'request_thread_control',
  'release_thread_control',
];

/** How {@link readThreadControlCommand} turns a `handoff.initiate` into a pass. */
export interface CommandDefaults {
  /** The target when the event names none: the inbox of the channel unless configured. */
  targetAppId: string | undefined;
  /** Metadata for a handoff context; default {@link handoffContextToMetadata}. */
  handoffMetadata?: (handoffContext: unknown, activity: PlainActivity) => string | undefined;
}

const APP_ID = /^\d+$/;

/**
 * The thread-control call an outgoing activity asks for, or `undefined` when it is not one.
 *
 * - `handoff.initiate` (botbuilder `EventFactory.createHandoffInitiation(context, handoffContext,
 *   transcript)`): pass to the configured target, metadata from the handoff context (the transcript is
 *   not sent: the Inbox shows the conversation itself);
 * - `pass_thread_control`: `value` = a target app id, `'inbox'`, nothing (the configured target), or
 *   `{ targetAppId?, metadata? }`;
 * - `take_thread_control` / `request_thread_control` / `release_thread_control`: `value` = the
 *   metadata string, or `{ metadata }`.
 *
 * @throws MessengerError `CONFIG_INVALID` when the event's value names no usable app id.
 */
export function readThreadControlCommand(
  activity: PlainActivity,
  channelId: MessengerChannelId,
  defaults: CommandDefaults,
): ThreadControlCommand | undefined {
  if (activity.type !== 'event' || activity.name === undefined) return undefined;
  const fallbackTarget = defaults.targetAppId ?? inboxAppId(channelId);
  switch (activity.name) {
    case HANDOFF_INITIATE: {
      const make = defaults.handoffMetadata ?? ((context: unknown) => handoffContextToMetadata(context));
      const metadata = make(activity.value, activity);
      return { kind: 'pass', targetAppId: fallbackTarget, metadata: cap(metadata) };
    }
    case 'pass_thread_control':
      return readPass(activity.value, channelId, fallbackTarget);
    case 'take_thread_control':
      return { kind: 'take', metadata: cap(metadataOf(activity.value)) };
    case 'request_thread_control':
      return { kind: 'request', metadata: cap(metadataOf(activity.value)) };
    case 'release_thread_control':
      return { kind: 'release', metadata: cap(metadataOf(activity.value)) };
    default:
      return undefined;
  }
}

function readPass(
  value: unknown,
  channelId: MessengerChannelId,
  fallbackTarget: string,
): ThreadControlCommand {
  if (value === undefined || value === null || value === '') {
    return { kind: 'pass', targetAppId: fallbackTarget, metadata: undefined };
  }
  if (typeof value === 'string' || typeof value === 'number') {
    return { kind: 'pass', targetAppId: targetOf(String(value), channelId), metadata: undefined };
  }
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const target = record.targetAppId ?? record.target_app_id;
    const targetAppId =
      target === undefined || target === null
        ? fallbackTarget
        : targetOf(String(target as string | number), channelId);
    return { kind: 'pass', targetAppId, metadata: cap(metadataOf(record.metadata)) };
  }
  return { kind: 'pass', targetAppId: targetOf(String(value), channelId), metadata: undefined };
}

function targetOf(value: string, channelId: MessengerChannelId): string {
  if (value.toLowerCase() === 'inbox') return inboxAppId(channelId);
  if (APP_ID.test(value)) return value;
  throw new MessengerError(
    'CONFIG_INVALID',
    "A 'pass_thread_control' event names no app id: set its value to the target's numeric Meta app id, " +
      "to 'inbox' (the Page / Instagram Inbox), or leave it empty for HandoverMiddleware's targetAppId.",
  );
}

function metadataOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'object' && value !== null && 'metadata' in value) {
    const metadata = (value as { metadata?: unknown }).metadata;
    return typeof metadata === 'string' && metadata !== '' ? metadata : undefined;
  }
  return undefined;
}

function cap(metadata: string | undefined): string | undefined {
  return metadata === undefined ? undefined : truncateMetadata(metadata);
}

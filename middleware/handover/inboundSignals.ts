/**
 * What an inbound activity tells the handover middleware: a thread-control webhook, an echo (someone
 * wrote as the Page / account), a message from the person, or nothing. Everything read from the
 * webhook is checked with zod; a malformed field makes the activity "nothing", never a crash.
 *
 * @module
 */
import { z } from 'zod';
import type { PlainActivity } from '../../adapter/activity';
import type { TurnSource } from '../../adapter/turnInfo';

/** Graph sends app ids as strings, and sometimes as numbers. */
const appId = z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String);
const optionalAppId = z.union([appId, z.null()]).optional();

const ownerChangeSchema = z.looseObject({
  action: z.enum(['pass_thread_control', 'take_thread_control']),
  previous_owner_app_id: optionalAppId,
  new_owner_app_id: optionalAppId,
  metadata: z.string().optional(),
});

const releaseSchema = z.looseObject({
  action: z.literal('release_thread_control'),
  new_owner_app_id: optionalAppId,
  metadata: z.string().optional(),
});

const requestSchema = z.looseObject({
  action: z.literal('request_thread_control'),
  requested_owner_app_id: optionalAppId,
  metadata: z.string().optional(),
});

const messageSchema = z.looseObject({
  mid: z.string().optional(),
  text: z.string().optional(),
  is_echo: z.boolean().optional(),
  is_deleted: z.boolean().optional(),
  app_id: optionalAppId,
  quick_reply: z.looseObject({ payload: z.string() }).optional(),
});

const rawEventSchema = z.looseObject({
  message: messageSchema.optional(),
  postback: z.looseObject({ payload: z.string().optional() }).optional(),
});

/** How the event reached this app: `messaging` (this app may own the thread) or `standby` (another app does). */
export type Delivery = 'messaging' | 'standby';

/** A thread-control webhook (`messenger.handover`). App ids are strings; absent or `null` become `undefined`. */
export type HandoverSignal =
  | {
      kind: 'pass' | 'take';
      previousOwnerAppId: string | undefined;
      newOwnerAppId: string | undefined;
      metadata: string | undefined;
    }
  | { kind: 'release'; newOwnerAppId: string | undefined; metadata: string | undefined }
  | { kind: 'request'; requestedOwnerAppId: string | undefined; metadata: string | undefined };

/** What an inbound activity means for thread control. */
export type InboundSignal =
  | { kind: 'handover'; handover: HandoverSignal; at: number }
  | {
      kind: 'echo';
      /** `message.app_id` (the sending app), absent for native clients and on Instagram. */
      appId: string | undefined;
      mid: string | undefined;
      delivery: Delivery;
      at: number;
    }
  | {
      kind: 'userMessage';
      /** The text, quick-reply payload or postback payload (what a take-back keyword is matched on). */
      text: string | undefined;
      delivery: Delivery;
      at: number;
    }
  /** Any other event delivered on standby (read, delivery, reaction...): another app owns the thread. */
  | { kind: 'standbyOther'; at: number }
  | { kind: 'none' };

/**
 * Reads the thread-control meaning of an inbound activity (as `MessengerAdapter` maps webhooks:
 * `messenger.handover`, `messenger.echo`, `messenger.standby`, `message`).
 *
 * @param source - where the adapter received the event (`MessengerTurnInfo.source`).
 * @param now - used when the activity has no timestamp.
 */
export function readInboundSignal(activity: PlainActivity, source: TurnSource, now: number): InboundSignal {
  const at = activity.timestamp instanceof Date ? activity.timestamp.getTime() : now;
  if (activity.type === 'event') {
    switch (activity.name) {
      case 'messenger.handover': {
        const handover = readHandover(activity.value);
        return handover ? { kind: 'handover', handover, at } : { kind: 'none' };
      }
      case 'messenger.echo':
        return readRawEvent(activity.channelData, source === 'standby' ? 'standby' : 'messaging', at);
      case 'messenger.standby':
        return readRawEvent(activity.value, 'standby', at);
      default:
        return source === 'standby' ? { kind: 'standbyOther', at } : { kind: 'none' };
    }
  }
  if (activity.type === 'message') {
    return {
      kind: 'userMessage',
      text: activity.text,
      delivery: source === 'standby' ? 'standby' : 'messaging',
      at,
    };
  }
  return source === 'standby' ? { kind: 'standbyOther', at } : { kind: 'none' };
}

function readHandover(value: unknown): HandoverSignal | undefined {
  const change = ownerChangeSchema.safeParse(value);
  if (change.success) {
    return {
      kind: change.data.action === 'pass_thread_control' ? 'pass' : 'take',
      previousOwnerAppId: change.data.previous_owner_app_id ?? undefined,
      newOwnerAppId: change.data.new_owner_app_id ?? undefined,
      metadata: change.data.metadata,
    };
  }
  const release = releaseSchema.safeParse(value);
  if (release.success) {
    return {
      kind: 'release',
      newOwnerAppId: release.data.new_owner_app_id ?? undefined,
      metadata: release.data.metadata,
    };
  }
  const request = requestSchema.safeParse(value);
  if (request.success) {
    return {
      kind: 'request',
      requestedOwnerAppId: request.data.requested_owner_app_id ?? undefined,
      metadata: request.data.metadata,
    };
  }
  return undefined;
}

function readRawEvent(raw: unknown, delivery: Delivery, at: number): InboundSignal {
  const parsed = rawEventSchema.safeParse(raw);
  if (!parsed.success) return delivery === 'standby' ? { kind: 'standbyOther', at } : { kind: 'none' };
  const { message, postback } = parsed.data;
  if (message?.is_echo === true) {
    return { kind: 'echo', appId: message.app_id ?? undefined, mid: message.mid, delivery, at };
  }
  if (message !== undefined && message.is_deleted !== true) {
    return { kind: 'userMessage', text: message.quick_reply?.payload ?? message.text, delivery, at };
  }
  if (postback !== undefined) return { kind: 'userMessage', text: postback.payload, delivery, at };
  return delivery === 'standby' ? { kind: 'standbyOther', at } : { kind: 'none' };
}

/**
 * Messenger / Instagram webhook event -> Bot Framework activities (plain objects, no botbuilder runtime).
 *
 * @module
 */
import type { PlainActivity, PlainChannelAccount } from '../activity';
import { conversationIdOf, DEFAULT_GRAPH_API_URL } from '../platform';
import type { WebhookEventRef } from '../webhook/envelope';
import { inboundAttachments } from './attachments';
import { classifyEvent, type InboundEvent, type MessengerMessage } from './eventKind';
import { MessengerEventNames } from './eventNames';
import { eventTimestamp, eventUserId, isEchoEvent } from './identity';
import { copyWith } from '../copyWith';

/** The postback payload that counts as "Get Started" unless {@link InboundOptions.getStartedPayload} says otherwise. */
export const DEFAULT_GET_STARTED_PAYLOAD = 'GET_STARTED';

/** Options of {@link eventToActivities}. */
export interface InboundOptions {
  /** This app's Meta app id: sets `value.fromThisApp` on `messenger.echo` events. */
  appId?: string;
  /** The payload of the Get Started button (default `'GET_STARTED'`). */
  getStartedPayload?: string;
  /**
   * When true (the default), a Get Started postback also yields a `conversationUpdate` with
   * `membersAdded: [{ id: userId }]`, first, so an existing bot's `onMembersAdded` welcome runs.
   */
  welcomeOnGetStarted?: boolean;
  /** `serviceUrl` of every activity (default `'https://graph.facebook.com'`). */
  serviceUrl?: string;
  /** `locale` of every activity (Meta's webhooks carry none), e.g. `'en-US'`; absent by default. */
  locale?: string;
}

/** The `value` of a `messenger.echo` event. */
export interface EchoValue {
  /** The app that sent the message (`message.app_id` as a string); absent for some native-client echoes. */
  appId?: string;
  /** `appId === options.appId`; present only when `options.appId` is set. */
  fromThisApp?: boolean;
  /** The `metadata` string given to the Send API, echoed back. */
  metadata?: string;
}

type Base = Omit<PlainActivity, 'type'>;

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `from` of a `changes[]` item: the commenter (`value.from`), else the account. */
function changeAuthor(ref: WebhookEventRef): PlainChannelAccount {
  const value = isRecord(ref.event.value) ? ref.event.value : undefined;
  const from = value !== undefined && isRecord(value.from) ? value.from : undefined;
  if (from === undefined || typeof from.id !== 'string') return { id: ref.accountId };
  const name =
    typeof from.name === 'string' ? from.name : typeof from.username === 'string' ? from.username : undefined;
  return name === undefined ? { id: from.id } : { id: from.id, name };
}

/** The fields every activity of `ref` has; `userId` is `eventUserId(ref)`. A fresh object per call. */
function baseActivity(ref: WebhookEventRef, options: InboundOptions, userId: string | undefined): Base {
  const account: PlainChannelAccount = { id: ref.accountId };
  let from: PlainChannelAccount;
  let recipient: PlainChannelAccount;
  if (ref.source === 'changes') {
    from = changeAuthor(ref);
    recipient = account;
  } else if (userId === undefined) {
    from = { id: ref.accountId };
    recipient = account;
  } else if (isEchoEvent(ref.event)) {
    from = account;
    recipient = { id: userId };
  } else {
    from = { id: userId };
    recipient = account;
  }
  const base: Base = {
    timestamp: new Date(eventTimestamp(ref)),
    channelId: ref.channelId,
    serviceUrl: ref.serviceUrl ?? options.serviceUrl ?? DEFAULT_GRAPH_API_URL,
    from,
    recipient,
    // eventConversationId(ref), from the user id already at hand
    conversation: { id: userId === undefined ? ref.accountId : conversationIdOf(userId, ref.accountId) },
    channelData: ref.event,
  };
  if (options.locale !== undefined) base.locale = options.locale;
  return base;
}

/** `base` (fresh from {@link baseActivity}) as an activity of `type`, without a copy. */
function typed(base: Base, type: string): PlainActivity {
  const activity = base as PlainActivity;
  activity.type = type;
  return activity;
}

/** `value` (its keys first) plus the keys of the raw event it does not have; see {@link event}. */
function withRawKeys(value: unknown, raw: unknown): unknown {
  if (!isRecord(value) || value === raw || !isRecord(raw)) return value;
  // Object.assign, not a spread: the copy gets keys added (see copyWith for why that matters)
  const merged: Record<string, unknown> = Object.assign({}, value);
  for (const [key, rawValue] of Object.entries(raw)) if (!(key in merged)) merged[key] = rawValue;
  return merged;
}

/**
 * An event activity. `value` is what the table names, next to the raw event's own keys (`sender`,
 * `recipient`, `timestamp`, `optin`, `referral`, `message`, ...) as Azure's Facebook channel delivered
 * them (so `value.optin`, `value.message.is_echo` work); the named fields win a clash. A value that is
 * not an object (or is the raw event itself) is kept as it is.
 */
function event(base: Base, name: string, value: unknown, id?: string): PlainActivity {
  const activity = typed(base, 'event');
  activity.name = name;
  activity.value = withRawKeys(value, base.channelData);
  if (id !== undefined) activity.id = id;
  return activity;
}

/** Adds `text`, `attachments` and `replyToId` (quoted reply) of a message, when present. */
function withContent(
  activity: PlainActivity,
  message: MessengerMessage,
  text: string | undefined,
): PlainActivity {
  if (message.mid !== undefined) activity.id = message.mid;
  if (text !== undefined) activity.text = text;
  // attachments come from `attachments` and `reply_to.story` only: most messages have neither
  if (message.attachments !== undefined || message.reply_to !== undefined) {
    const attachments = inboundAttachments(message);
    if (attachments.length > 0) activity.attachments = attachments;
  }
  const quoted = message.reply_to?.mid;
  if (quoted !== undefined) activity.replyToId = quoted;
  return activity;
}

function echoValue(message: MessengerMessage, options: InboundOptions): EchoValue {
  const value: EchoValue = {};
  if (message.app_id !== undefined) value.appId = String(message.app_id);
  if (options.appId !== undefined) value.fromThisApp = value.appId === options.appId;
  if (message.metadata !== undefined) value.metadata = message.metadata;
  return value;
}

/**
 * A postback payload that is a JSON object (what an Adaptive Card `Action.Submit` button carries, as
 * the outbound mapping sends it), parsed for `activity.value` as Bot Framework channels deliver it.
 */
function jsonObjectOf(payload: string | undefined): Record<string, unknown> | undefined {
  if (payload === undefined || !payload.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(payload);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The `mid` of an event, for the `id` of its standby activity (messages, echoes, postbacks). */
function standbyId(classified: InboundEvent): string | undefined {
  switch (classified.kind) {
    case 'message':
    case 'echo':
      return classified.message.mid;
    case 'postback':
      return classified.postback.mid;
    default:
      return undefined;
  }
}

/**
 * The Bot Framework activities for one webhook event: usually one; two for Get Started.
 *
 * Every activity has `channelId` (`facebook` or `instagram`), `from` (the PSID / IGSID; the Page / IG
 * account for echoes), `recipient` (the account; the person for echoes), `conversation.id`
 * (`${userId}-${accountId}`, or the account id for account-level events and comments), `timestamp`
 * (a `Date`, from the event), `serviceUrl`, and `channelData` = the raw event object itself (same
 * reference, unmodified). `id` is the `mid` where there is one.
 *
 * | event | activity |
 * |---|---|
 * | text message | `message`, `text` |
 * | quick reply tap | `message`, `text` = `quick_reply.payload` (the title is in `channelData.message.text`) |
 * | attachments, stickers, IG story mention / reply, reels, shares | `message`, `attachments` (see `inboundAttachments`) |
 * | quoted reply (`reply_to.mid`) | `message`, `replyToId` = the quoted `mid` |
 * | first message with `message.referral` | still a `message` (the referral is in `channelData`) |
 * | IG `is_unsupported` (voice note, GIF, private share the API cannot show) | `message` with neither `text` nor `attachments` |
 * | postback (button, Get Started, menu, IG ice breaker) | `message`, `text` = `payload` (`title` when Meta sent no payload); a JSON-object payload (Adaptive Card `Action.Submit`) is also parsed into `value` |
 * | Get Started (payload = `getStartedPayload`, `welcomeOnGetStarted` on) | first `conversationUpdate` with `membersAdded: [{ id: userId }]`, then the postback `message` |
 * | echo | `event` `messenger.echo`, `value` = {@link EchoValue}, plus `text` / `attachments` of the sent message |
 * | delivery / read / IG seen | `event` `messenger.delivery` / `messenger.read`, `value` = the `delivery` / `read` object |
 * | reaction / unreaction | `messageReaction`, `reactionsAdded` / `reactionsRemoved` = `[{ type: reaction }]` (`'other'` when an unreact names none), `replyToId` = the target `mid` |
 * | unsend (`is_deleted`) | `messageDelete`, `id` = `mid` |
 * | edit (`message_edit`) | `messageUpdate`, `id` = `mid`, `text` = the new text |
 * | referral | `event` `messenger.referral`, `value` = the `referral` object |
 * | opt-in | `event` `messenger.optin`, `value` = the `optin` object |
 * | pass / take / request / release thread control, app_roles | `event` `messenger.handover`, `value` = `{ action, ...payload }` |
 * | policy enforcement | `event` `messenger.policyEnforcement`, `value` = the `policy_enforcement` object |
 * | anything under `standby[]` | `event` `messenger.standby`, `value` = the raw event (`id` = its `mid`, if any) |
 * | utility template status (`message_template_status_update` or `messenger_template_status_update`) | `event` `messenger.templateStatus`, `value` = a `TemplateStatusValue` |
 * | `changes[]` item (Page feed, IG comments) | `event` `messenger.comment`, `value` = `channelData` = the `{ field, value }` item; `from` = the commenter |
 * | unknown kind, or a known kind with malformed fields | `event` `messenger.unknown`, `value` = the raw event |
 *
 * **`value` of events, as on Azure.** Every `event` activity's `value` also carries the raw event's own
 * keys (`sender`, `recipient`, `timestamp`, `optin`, `referral`, `message` with `is_echo`, `delivery`,
 * `read`, `pass_thread_control`, ...) next to what the table names (which wins a clash), because
 * bots written for Azure's Facebook channel read `activity.value.optin`, `activity.value.message`.
 *
 * **Get Started.** Messenger has no "conversation started" event. A bot written for botbuilder greets
 * in `onMembersAdded`, so when a postback's payload equals `getStartedPayload` (default
 * `'GET_STARTED'`) the result starts with a `conversationUpdate` whose `membersAdded` holds the user
 * (not the Page, so the usual `member.id !== recipient.id` check passes), and the postback message
 * follows. Set `welcomeOnGetStarted: false` to get the postback alone.
 *
 * **Malformed events.** An event of a known kind whose fields have the wrong type (e.g. a
 * `message.text` that is a number) is a `messenger.unknown` event, never an exception and never a
 * 400: the envelope was valid, so the rest of the batch must still run (see `classifyEvent` for the
 * reason text).
 *
 * Pure: no I/O and no mutation; the only clock read is the fallback when an event has no time at all.
 *
 * @example
 * ```ts
 * for (const ref of parseEnvelope(body).events) {
 *   for (const activity of eventToActivities(ref, { appId: '1517776481860111' })) {
 *     await runTurn(activity);
 *   }
 * }
 * ```
 */
export function eventToActivities(ref: WebhookEventRef, options: InboundOptions = {}): PlainActivity[] {
  return activitiesOf(ref, options, classifyEvent(ref), eventUserId(ref));
}

/**
 * {@link eventToActivities} with what the caller knows already: `classified` must be
 * `classifyEvent(ref)` and `userId` `eventUserId(ref)` (the intake has both from the dedupe key and
 * the queue, so the event is neither validated nor read twice).
 */
export function activitiesOf(
  ref: WebhookEventRef,
  options: InboundOptions,
  classified: InboundEvent,
  userId: string | undefined,
): PlainActivity[] {
  const base = baseActivity(ref, options, userId);
  if (ref.source === 'standby') {
    return [event(base, MessengerEventNames.standby, ref.event, standbyId(classified))];
  }
  switch (classified.kind) {
    case 'message': {
      const { message } = classified;
      return [withContent(typed(base, 'message'), message, message.quick_reply?.payload ?? message.text)];
    }
    case 'echo': {
      const { message } = classified;
      const activity = event(base, MessengerEventNames.echo, echoValue(message, options));
      return [withContent(activity, message, message.text)];
    }
    case 'messageDelete': {
      const activity = typed(base, 'messageDelete');
      activity.id = classified.message.mid;
      return [activity];
    }
    case 'messageEdit': {
      const activity = typed(base, 'messageUpdate');
      activity.id = classified.edit.mid;
      activity.text = classified.edit.text;
      return [activity];
    }
    case 'postback': {
      const { postback } = classified;
      const message: PlainActivity = copyWith(base, { type: 'message' });
      if (postback.mid !== undefined) message.id = postback.mid;
      const text = postback.payload ?? postback.title;
      if (text !== undefined) message.text = text;
      const submitted = jsonObjectOf(postback.payload);
      if (submitted !== undefined) message.value = submitted;
      const getStarted = options.getStartedPayload ?? DEFAULT_GET_STARTED_PAYLOAD;
      if (options.welcomeOnGetStarted !== false && userId !== undefined && postback.payload === getStarted) {
        return [copyWith(base, { type: 'conversationUpdate', membersAdded: [{ id: userId }] }), message];
      }
      return [message];
    }
    case 'reaction': {
      const { reaction } = classified;
      const reactions = [{ type: reaction.reaction ?? 'other' }];
      return [
        reaction.action === 'react'
          ? copyWith(base, { type: 'messageReaction', reactionsAdded: reactions, replyToId: reaction.mid })
          : copyWith(base, { type: 'messageReaction', reactionsRemoved: reactions, replyToId: reaction.mid }),
      ];
    }
    case 'delivery':
      return [event(base, MessengerEventNames.delivery, classified.delivery)];
    case 'read':
      return [event(base, MessengerEventNames.read, classified.read)];
    case 'referral':
      return [event(base, MessengerEventNames.referral, classified.referral)];
    case 'optin':
      return [event(base, MessengerEventNames.optin, classified.optin)];
    case 'handover':
      // `action` first (as `{ action, ...payload }` reads) and always the webhook key.
      return [
        event(
          base,
          MessengerEventNames.handover,
          Object.assign({ action: classified.action }, classified.payload, { action: classified.action }),
        ),
      ];
    case 'policyEnforcement':
      return [event(base, MessengerEventNames.policyEnforcement, classified.policy)];
    case 'change':
      return [event(base, MessengerEventNames.comment, classified.change)];
    case 'templateStatus':
      return [event(base, MessengerEventNames.templateStatus, classified.status)];
    case 'unknown':
      return [event(base, MessengerEventNames.unknown, ref.event)];
  }
}

/**
 * `POST /{version}/me/messages`: the Send API, with Meta's rules (throttling, content limits, tags,
 * thread ownership, windows) applied in that order.
 *
 * @module
 */
import { z } from 'zod';
import { describe, type Engine } from '../engine';
import * as ids from '../ids';
import type { Conversation, JsonObject } from '../world/types';
import { conversationFor, type GraphAnswer, type GraphCall, type GraphHandler } from './call';
import { graphErrors } from './graphErrors';
import { checkMessage, parseParam } from './messageRules';
import { adStartOf } from '../actions/social';
import { privateReply } from './commentsApi';
import { recordSentMessage } from './recordSent';
import { checkUtilityMessage } from './templateApi';
import { recordingSend } from './sendRecords';
import { checkTag, checkWindow } from './windowRules';

const id = z.union([z.string(), z.number()]).transform(String);

const sendBody = z.looseObject({
  recipient: z.looseObject({ id: id.optional() }),
  messaging_type: z.string().optional(),
  tag: z.string().optional(),
  message: z.unknown().optional(),
  sender_action: z.string().optional(),
  payload: z.looseObject({ message_id: z.string(), reaction: z.string().optional() }).optional(),
  reply_to: z.looseObject({ mid: z.string() }).optional(),
  notification_type: z.enum(['REGULAR', 'SILENT_PUSH', 'NO_PUSH']).optional(),
  persona_id: id.optional(),
  thread_control: z
    .looseObject({ app_id: id.optional(), control_type: z.enum(['pass', 'release']) })
    .optional(),
});
type SendBody = z.infer<typeof sendBody>;

const SENDER_ACTIONS = {
  messenger: ['typing_on', 'typing_off', 'mark_seen', 'react', 'unreact'],
  instagram: ['typing_on', 'typing_off', 'mark_seen', 'react', 'unreact'],
} as const;

/** The Send API handler. */
export const sendMessage: GraphHandler = (call, { engine, throttle }) => {
  const body = parseParam(sendBody, call.body, []);
  const commentId = (call.body.recipient as JsonObject | undefined)?.comment_id;
  if (body.recipient.id === undefined && (typeof commentId === 'string' || typeof commentId === 'number')) {
    return privateReply(call, engine, String(commentId), body.message, throttle);
  }
  if (body.recipient.id === undefined) {
    throw graphErrors.invalidParameter(
      'Param recipient[id] is required (the sandbox does not simulate user_ref, post_id or notification_messages_token recipients)',
    );
  }
  const conversation = conversationFor(call, engine, body.recipient.id);
  const headers = throttle.take(conversation.account, isHeavyMedia(body.message), engine.clock.now());
  const answer =
    body.sender_action !== undefined
      ? senderAction(body, conversation, engine)
      : recordingSend(
          engine,
          conversation,
          { message: body.message, messagingType: body.messaging_type ?? 'RESPONSE', tag: body.tag },
          () => message(body, call, conversation, engine),
        );
  return { ...answer, headers, conversationId: conversation.id };
};

function isHeavyMedia(message: unknown): boolean {
  const type = (message as { attachment?: { type?: unknown } } | undefined)?.attachment?.type;
  return type === 'audio' || type === 'video';
}

/** The bot may send unless another app (e.g. the inbox) owns the thread. */
function checkOwner(conversation: Conversation, engine: Engine): void {
  const owner = engine.ownerOf(conversation);
  if (owner !== undefined && owner !== engine.appId) {
    throw graphErrors.threadControlledByAnotherApp(conversation.account.platform);
  }
}

function senderAction(body: SendBody, conversation: Conversation, engine: Engine): GraphAnswer {
  const platform = conversation.account.platform;
  const action = body.sender_action ?? '';
  if (body.message !== undefined) {
    throw graphErrors.invalidParameter(
      'Param sender_action cannot be sent with message: send it as a separate request',
    );
  }
  const allowed: readonly string[] = SENDER_ACTIONS[platform];
  if (!allowed.includes(action)) {
    throw graphErrors.invalidParameter(`Param sender_action must be one of {${allowed.join(', ')}}`);
  }
  checkOwner(conversation, engine);
  const now = engine.clock.now();
  checkWindow({
    platform,
    now,
    lastUserMessageAt: conversation.lastUserMessageAt,
    messagingType: 'RESPONSE',
    tag: undefined,
    adStartedAt: adStartOf(conversation),
  });
  if (action === 'typing_on') conversation.typingSince = now;
  if (action === 'typing_off') conversation.typingSince = undefined;
  if (action === 'mark_seen') conversation.seenByPageAt = now;
  if (action === 'react' || action === 'unreact') {
    const target = conversation.transcript.find(
      (entry) => entry.mid === body.payload?.message_id && entry.author === 'user',
    );
    if (target === undefined)
      throw graphErrors.invalidParameter('Param payload[message_id] is not a message of this user');
    if (action === 'react' && body.payload?.reaction === undefined)
      throw graphErrors.invalidParameter('Param payload[reaction] is required');
    target.reactions.page = action === 'react' ? body.payload?.reaction : undefined;
  }
  engine.changed();
  return { body: { recipient_id: conversation.user.id }, note: action };
}

function message(body: SendBody, call: GraphCall, conversation: Conversation, engine: Engine): GraphAnswer {
  const { account } = conversation;
  const messagingType = body.messaging_type ?? 'RESPONSE';
  const now = engine.clock.now();
  let sentMessage = body.message as JsonObject;
  if (messagingType === 'UTILITY') {
    // An approved utility template: no window applies (see templateApi.ts).
    const text = checkUtilityMessage(engine.world, account, body.message, body.tag);
    checkOwner(conversation, engine);
    sentMessage = { ...sentMessage, text };
  } else {
    checkStandardMessage(body, conversation, engine, messagingType, now);
  }
  if (
    body.reply_to !== undefined &&
    !conversation.transcript.some((entry) => entry.mid === body.reply_to?.mid)
  ) {
    throw graphErrors.invalidParameter('Param reply_to[mid] is not a message of this conversation');
  }

  const mid = ids.messageId(account.platform, account.id);
  const entry = engine.record(conversation, {
    mid,
    at: now,
    author: 'bot',
    appId: engine.appId,
    message: sentMessage,
    messagingType,
    ...(body.tag === undefined ? {} : { tag: body.tag }),
    ...(body.persona_id === undefined ? {} : { personaId: body.persona_id }),
    ...(body.reply_to === undefined ? {} : { replyTo: body.reply_to.mid }),
  });
  recordSentMessage(engine, conversation, mid, now, sentMessage, call.body);
  const answer: JsonObject = { recipient_id: conversation.user.id, message_id: mid };
  const reusable = reusableUpload(sentMessage, account.id, engine);
  if (reusable !== undefined) answer.attachment_id = reusable;

  if (body.thread_control !== undefined) {
    const control = body.thread_control;
    if (control.control_type === 'release') engine.release(conversation);
    else
      void engine.handover(conversation, 'pass_thread_control', { newOwner: control.app_id ?? engine.appId });
  }
  void engine.followPageMessage(conversation, entry);
  return { body: answer, note: describe(sentMessage) };
}

/** Content limits, tags, thread owner and the window of a non-utility message. */
function checkStandardMessage(
  body: SendBody,
  conversation: Conversation,
  engine: Engine,
  messagingType: string,
  now: number,
): void {
  const { account } = conversation;
  const checked = checkMessage(body.message, {
    platform: account.platform,
    hasAttachment: (attachmentId) => {
      const upload = engine.world.uploads.get(attachmentId);
      // An Instagram id must come from an upload with platform=instagram (Meta refuses Page uploads there).
      return upload !== undefined && upload.accountId === account.id;
    },
  });
  checkTag(account.platform, messagingType, body.tag, checked.isCustomerFeedbackTemplate);
  checkOwner(conversation, engine);
  checkWindow({
    platform: account.platform,
    now,
    lastUserMessageAt: conversation.lastUserMessageAt,
    messagingType,
    tag: body.tag,
    adStartedAt: adStartOf(conversation),
  });
}

/** A media message sent by URL with `is_reusable: true` is stored, and its `attachment_id` returned. */
function reusableUpload(message: JsonObject, accountId: string, engine: Engine): string | undefined {
  const attachment = message.attachment as
    | { type?: string; payload?: { url?: unknown; is_reusable?: unknown } }
    | undefined;
  if (attachment?.payload?.is_reusable !== true || typeof attachment.payload.url !== 'string')
    return undefined;
  const attachmentId = ids.attachmentId();
  engine.world.addUpload({
    id: attachmentId,
    accountId,
    type: attachment.type ?? 'file',
    url: attachment.payload.url,
  });
  return attachmentId;
}

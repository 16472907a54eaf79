/**
 * Builders for the webhook event objects Meta sends (reference section 2), in wire format:
 * snake_case, string ids, ms timestamps.
 *
 * @module
 */
import type { Conversation, JsonObject, TranscriptEntry } from '../world/types';

/** `sender` = the user, `recipient` = the Page / IG account: events the user causes. */
export function fromUser(conversation: Conversation, timestamp: number): JsonObject {
  return { sender: { id: conversation.user.id }, recipient: { id: conversation.account.id }, timestamp };
}

/** `sender` = the Page / IG account, `recipient` = the user: echoes of what the Page sent. */
export function fromPage(conversation: Conversation, timestamp: number): JsonObject {
  return { sender: { id: conversation.account.id }, recipient: { id: conversation.user.id }, timestamp };
}

/** Resolves an uploaded `attachment_id` to a URL the bot can fetch. */
export type MediaUrlOf = (attachmentId: string) => string;

/**
 * The `message_echoes` event for a message the Page sent (by the bot or from the inbox): `is_echo`,
 * the sending `app_id` (a number, as Meta sends it), `metadata`, `mid`, and the content with
 * attachments as URLs.
 */
export function echoEvent(
  conversation: Conversation,
  entry: TranscriptEntry,
  mediaUrlOf: MediaUrlOf,
): JsonObject {
  const sent = entry.message ?? {};
  const message: JsonObject = { mid: entry.mid, is_echo: true };
  if (entry.appId !== undefined) message.app_id = Number(entry.appId);
  if (typeof sent.metadata === 'string') message.metadata = sent.metadata;
  if (typeof sent.text === 'string') message.text = sent.text;
  const attachments =
    sent.attachment !== undefined
      ? [sent.attachment]
      : Array.isArray(sent.attachments)
        ? sent.attachments
        : [];
  if (attachments.length > 0)
    message.attachments = attachments.map((item) => echoAttachment(item, mediaUrlOf));
  if (entry.replyTo !== undefined) message.reply_to = { mid: entry.replyTo };
  return { ...fromPage(conversation, entry.at), message };
}

function echoAttachment(item: unknown, mediaUrlOf: MediaUrlOf): JsonObject {
  const attachment = item as { type?: unknown; payload?: Record<string, unknown> };
  const payload = attachment.payload ?? {};
  if (attachment.type === 'template') return { type: 'template', payload };
  const url = typeof payload.url === 'string' ? payload.url : mediaUrlOf(String(payload.attachment_id ?? ''));
  return { type: attachment.type, payload: { url } };
}

/** A Messenger `message_deliveries` event: the user's device got `mids` (no event-level timestamp, as on Meta). */
export function deliveryEvent(
  conversation: Conversation,
  mids: readonly string[],
  watermark: number,
): JsonObject {
  return {
    sender: { id: conversation.user.id },
    recipient: { id: conversation.account.id },
    delivery: { mids: [...mids], watermark },
  };
}

/**
 * A read receipt: Messenger `message_reads` (`read.watermark`: everything before it was read), or
 * Instagram `messaging_seen` (`read.mid`: one message).
 */
export function readEvent(conversation: Conversation, at: number, last: TranscriptEntry): JsonObject {
  const read = conversation.account.platform === 'instagram' ? { mid: last.mid } : { watermark: last.at };
  return { ...fromUser(conversation, at), read };
}

/** The handover webhook kinds. */
export type HandoverKind = 'pass_thread_control' | 'take_thread_control' | 'request_thread_control';

/** A `messaging_handovers` event, e.g. `pass_thread_control: { previous_owner_app_id, new_owner_app_id, metadata }`. */
export function handoverEvent(
  conversation: Conversation,
  at: number,
  kind: HandoverKind,
  payload: JsonObject,
): JsonObject {
  return { ...fromUser(conversation, at), [kind]: payload };
}

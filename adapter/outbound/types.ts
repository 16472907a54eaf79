/**
 * Types of the activity -> Send API mapping: what the adapter passes in, what it gets back, and the
 * Send API shapes (snake_case, as Meta takes them) the mapping builds.
 *
 * @module
 */

import type { MessengerChannelId } from '../platform';
import type { SendApiBody, SendBudget } from '../sendPipeline';

/** Facts the mapping needs that are not in the activity. */
export interface OutboundContext {
  /** `facebook` (Messenger) or `instagram`: picks the limits and the templates used. */
  channelId: MessengerChannelId;
  /** PSID / IGSID of the person the messages go to. */
  recipientId: string;
  /**
   * `RESPONSE` for a reply to the user's message in this turn, `UPDATE` for a proactive message
   * (decided by the adapter). `channelData.messaging_type` overrides it; a `channelData.tag`
   * without `messaging_type` makes it `MESSAGE_TAG`.
   */
  messagingType: 'RESPONSE' | 'UPDATE';
}

/** Media bytes the adapter uploads (Attachment Upload API) before it posts the request. */
export interface InlineUpload {
  /** The Send API attachment type. */
  type: 'image' | 'video' | 'audio' | 'file';
  /** The file content. */
  data: Buffer;
  /** Its MIME type, e.g. `image/png`. */
  contentType: string;
  /** Its file name, when known. */
  filename?: string;
}

/** One Graph call for an outgoing activity. */
export interface OutboundRequest {
  /** `message` (`POST /me/messages` with `message`) or `sender_action` (typing, mark seen). */
  kind: 'message' | 'sender_action';
  /** `media` for audio and video attachments (Meta limits them separately), else `text`. */
  budget: SendBudget;
  /** The exact Send API JSON body. */
  body: SendApiBody;
  /**
   * Present for inline media (a `data:` URI or bytes): upload it first, then set the returned id as
   * `body.message.attachment.payload.attachment_id` (the payload is an empty placeholder until then).
   */
  upload?: InlineUpload;
}

/** A Send API button (`web_url`, `postback` or `phone_number`). */
export type SendButton =
  | { type: 'web_url'; title: string; url: string }
  | { type: 'postback'; title: string; payload: string }
  | { type: 'phone_number'; title: string; payload: string };

/** A Send API quick reply. */
export interface SendQuickReply {
  content_type: 'text';
  title: string;
  payload: string;
  image_url?: string;
}

/** A generic template element. */
export interface GenericElement {
  title: string;
  subtitle?: string;
  image_url?: string;
  default_action?: { type: 'web_url'; url: string };
  buttons?: SendButton[];
}

/**
 * One message the mapping produced, before the envelope (recipient, messaging type, channelData
 * options) is added: the Send API `message` object, its rate-limit budget and any upload.
 */
export interface OutboundMessage {
  message: Record<string, unknown>;
  budget: SendBudget;
  upload?: InlineUpload;
}

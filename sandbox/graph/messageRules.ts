/**
 * The Send API's content limits (reference section 3, "Limits"): text length, quick replies,
 * templates, buttons, attachments, metadata. Pure checks: they throw a `GraphFailure`.
 *
 * @module
 */
import { z } from 'zod';
import type { JsonObject, Platform } from '../world/types';
import { graphErrors } from './graphErrors';
import { imageGridTemplateSchema } from './imageGridRule';

/** Messenger text must be shorter than this many characters. */
export const MESSENGER_TEXT_LIMIT = 2000;
/** Instagram text may be at most this many UTF-8 bytes. */
export const INSTAGRAM_TEXT_BYTES = 1000;
/** At most this many quick replies per message. */
export const MAX_QUICK_REPLIES = 13;
/** Quick reply titles longer than this are cut (not refused) by Meta. */
export const QUICK_REPLY_TITLE_LIMIT = 20;

const id = z.union([z.string(), z.number()]).transform(String);
const httpUrl = z.string().regex(/^https?:\/\/\S+$/i, 'must be an http(s) URL');
const payloadText = z.string().max(1000, 'must be at most 1000 characters');

const button = z
  .looseObject({
    type: z.enum(['postback', 'web_url', 'phone_number', 'account_link', 'account_unlink', 'game_play']),
    title: z.string().min(1, 'must not be empty').optional(),
    payload: payloadText.optional(),
    url: httpUrl.optional(),
  })
  .superRefine((b, ctx) => {
    const needsTitle = b.type !== 'account_link' && b.type !== 'account_unlink';
    if (needsTitle && b.title === undefined)
      ctx.addIssue({ code: 'custom', path: ['title'], message: 'is required' });
    if ((b.type === 'postback' || b.type === 'phone_number') && b.payload === undefined) {
      ctx.addIssue({ code: 'custom', path: ['payload'], message: 'is required' });
    }
    if ((b.type === 'web_url' || b.type === 'account_link') && b.url === undefined) {
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'is required' });
    }
  });
const buttons = (max: number) => z.array(button).max(max, `must have at most ${max} items`);

const genericTemplate = z.looseObject({
  template_type: z.literal('generic'),
  elements: z
    .array(
      z.looseObject({
        title: z.string().min(1, 'must not be empty'),
        subtitle: z.string().optional(),
        image_url: httpUrl.optional(),
        buttons: buttons(3).optional(),
      }),
    )
    .min(1, 'must have at least 1 item')
    .max(10, 'must have at most 10 items'),
});
const buttonTemplate = z.looseObject({
  template_type: z.literal('button'),
  text: z.string().min(1, 'must not be empty').max(640, 'must be at most 640 characters'),
  buttons: buttons(3).min(1, 'must have at least 1 item'),
});
const mediaTemplate = z.looseObject({
  template_type: z.literal('media'),
  elements: z
    .array(
      z.looseObject({
        media_type: z.enum(['image', 'video']),
        attachment_id: id.optional(),
        url: httpUrl.optional(),
        buttons: buttons(1).optional(),
      }),
    )
    .length(1, 'must have exactly 1 item'),
});
const otherTemplate = z.looseObject({ template_type: z.string().min(1) });

const mediaPayload = z.looseObject({
  url: z.string().optional(),
  attachment_id: id.optional(),
  is_reusable: z.boolean().optional(),
});
const attachment = z.looseObject({
  type: z.enum(['image', 'video', 'audio', 'file', 'template']),
  payload: z.looseObject({}),
});

const quickReply = z
  .looseObject({
    content_type: z.enum(['text', 'user_phone_number', 'user_email']),
    title: z.string().optional(),
    payload: z.union([payloadText, z.number()]).optional(),
    image_url: httpUrl.optional(),
  })
  .superRefine((qr, ctx) => {
    if (qr.content_type !== 'text') return;
    if (!qr.title && !qr.image_url) ctx.addIssue({ code: 'custom', path: ['title'], message: 'is required' });
    if (qr.payload === undefined) ctx.addIssue({ code: 'custom', path: ['payload'], message: 'is required' });
  });

const message = z.looseObject({
  text: z.string().optional(),
  attachment: attachment.optional(),
  attachments: z.array(attachment).max(30, 'must have at most 30 items').optional(),
  quick_replies: z
    .array(quickReply)
    .max(MAX_QUICK_REPLIES, `must have at most ${MAX_QUICK_REPLIES} items`)
    .optional(),
  metadata: z.string().max(999, 'must be less than 1000 characters').optional(),
  sticker_id: id.optional(),
});

/** Most images in one `message.attachments[]` (Messenger 30, Instagram 10). */
export const MAX_IMAGES: Readonly<Record<Platform, number>> = { messenger: 30, instagram: 10 };

/** Meta's way of naming a parameter: `message[quick_replies][0][title]`. */
export function paramName(path: readonly PropertyKey[]): string {
  const [head, ...rest] = path.map(String);
  return `${head ?? ''}${rest.map((part) => `[${part}]`).join('')}`;
}

/** Parses `value` with `schema`, turning the first issue into Meta's `(#100) Param x ...` error. */
export function parseParam<T>(schema: z.ZodType<T>, value: unknown, prefix: readonly PropertyKey[]): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = paramName([...prefix, ...(issue?.path ?? [])]);
  const missing = issue?.code === 'invalid_type' && /received undefined$/.test(issue.message);
  const what = missing
    ? 'is required'
    : issue?.code === 'invalid_type'
      ? 'has an invalid type'
      : (issue?.message ?? 'is invalid');
  throw graphErrors.invalidParameter(`Param ${where} ${what}`);
}

/** What {@link checkMessage} needs from the world. */
export interface MessageContext {
  platform: Platform;
  /** True when `attachmentId` was uploaded by (or is reusable for) the sending account. */
  hasAttachment(attachmentId: string): boolean;
}

/** Facts about a valid message that the send handler needs. */
export interface CheckedMessage {
  /** The message is a Customer Feedback template (the only use of the CUSTOMER_FEEDBACK tag). */
  isCustomerFeedbackTemplate: boolean;
  /** Audio or video, counted against the media rate limit. */
  isHeavyMedia: boolean;
}

/** Checks a Send API `message` against Meta's documented limits; throws the Graph error Meta answers. */
export function checkMessage(raw: unknown, context: MessageContext): CheckedMessage {
  const parsed = parseParam(message, raw, ['message']);
  const kinds = [parsed.text, parsed.attachment, parsed.attachments, parsed.sticker_id].filter(
    (part) => part !== undefined,
  );
  if (parsed.sticker_id !== undefined && context.platform === 'instagram') {
    throw graphErrors.invalidParameter('Param message[sticker_id] is not supported on Instagram');
  }
  if ((parsed.attachments?.length ?? 0) > MAX_IMAGES[context.platform]) {
    throw graphErrors.invalidParameter(`Param message[attachments] must have at most ${MAX_IMAGES[context.platform]} items`);
  }
  if (kinds.length === 0 || parsed.text === '') throw graphErrors.emptyMessage();
  if (kinds.length > 1) {
    throw graphErrors.invalidParameter(
      'Only one of message[text], message[attachment], message[attachments] and message[sticker_id] may be set',
    );
  }
  if (parsed.text !== undefined) checkText(parsed.text, context.platform);
  if (parsed.quick_replies !== undefined) checkQuickReplies(parsed.quick_replies, context.platform);

  let isCustomerFeedbackTemplate = false;
  let isHeavyMedia = false;
  const all = parsed.attachment !== undefined ? [parsed.attachment] : (parsed.attachments ?? []);
  all.forEach((item, index) => {
    const where =
      parsed.attachment !== undefined ? ['message', 'attachment'] : ['message', 'attachments', index];
    if (parsed.attachments !== undefined && item.type !== 'image') {
      throw graphErrors.invalidParameter(
        `Param ${paramName([...where, 'type'])} must be image when sending several attachments`,
      );
    }
    if (item.type === 'template') {
      isCustomerFeedbackTemplate = checkTemplate(item.payload, [...where, 'payload'], context.platform);
    } else {
      checkMedia(item.payload, [...where, 'payload'], context);
      if (item.type === 'audio' || item.type === 'video') isHeavyMedia = true;
    }
  });
  return { isCustomerFeedbackTemplate, isHeavyMedia };
}

function checkText(text: string, platform: Platform): void {
  if (platform === 'instagram') {
    if (Buffer.byteLength(text, 'utf8') > INSTAGRAM_TEXT_BYTES) {
      throw graphErrors.invalidParameter(
        `Param message[text] must be UTF-8 and ${INSTAGRAM_TEXT_BYTES} bytes or less`,
        2534015,
      );
    }
  } else if (text.length >= MESSENGER_TEXT_LIMIT) {
    throw graphErrors.invalidParameter(
      `Param message[text] must be less than ${MESSENGER_TEXT_LIMIT} characters`,
    );
  }
}

function checkQuickReplies(quickReplies: readonly { content_type: string }[], platform: Platform): void {
  quickReplies.forEach((qr, index) => {
    if (platform === 'instagram' && qr.content_type === 'user_email') {
      throw graphErrors.invalidParameter(
        `Param message[quick_replies][${index}][content_type] user_email is not supported on Instagram`,
      );
    }
  });
}

/** Returns true for a Customer Feedback template. */
function checkTemplate(payload: JsonObject, where: readonly PropertyKey[], platform: Platform): boolean {
  const type = parseParam(otherTemplate, payload, where).template_type;
  if (type === 'generic') parseParam(genericTemplate, payload, where);
  else if (type === 'button') parseParam(buttonTemplate, payload, where);
  else if (type === 'media' || type === 'image_grid') {
    if (platform === 'instagram') {
      throw graphErrors.invalidParameter(
        `Param ${paramName([...where, 'template_type'])} ${type} is not supported on Instagram`,
      );
    }
    if (type === 'media') parseParam(mediaTemplate, payload, where);
    else parseParam(imageGridTemplateSchema, payload, where);
  }
  return type === 'customer_feedback';
}

function checkMedia(payload: JsonObject, where: readonly PropertyKey[], context: MessageContext): void {
  const media = parseParam(mediaPayload, payload, where);
  if (media.attachment_id !== undefined) {
    if (!context.hasAttachment(media.attachment_id)) throw graphErrors.attachmentNotFound();
    return;
  }
  if (media.url === undefined) {
    throw graphErrors.invalidParameter(`Param ${paramName(where)} needs url or attachment_id`);
  }
  if (!httpUrl.safeParse(media.url).success) throw graphErrors.attachmentUrlInvalid();
}

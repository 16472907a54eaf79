/**
 * The Send API options a bot may set in `activity.channelData`, in Azure Bot Service's Facebook
 * channel style (top level) or nested under `channelData.facebook` (and, on Instagram,
 * `channelData.instagram`).
 *
 * @module
 */

import { z } from 'zod';
import { MessengerError } from '../errors';
import type { MessengerChannelId } from '../platform';
import { METADATA_MAX } from './limits';

const quickReplySchema = z.looseObject({ content_type: z.string() });

const attachmentSchema = z.union([
  z.looseObject({
    type: z.enum(['image', 'video', 'audio', 'file', 'template']),
    payload: z.record(z.string(), z.unknown()),
  }),
  // Instagram's heart (the only "sticker" Instagram sends): no payload.
  z.looseObject({ type: z.literal('like_heart') }),
]);

/** A utility template (`message.template`), as `utilityTemplate` builds it. */
const templateSchema = z.looseObject({
  name: z.string().min(1),
  language: z.looseObject({ code: z.string().min(1) }),
  components: z.array(z.looseObject({ type: z.string() })).optional(),
});

/** The channelData keys that pass through to the Send API, validated. */
const sendOptionsSchema = z.object({
  messaging_type: z.enum(['RESPONSE', 'UPDATE', 'MESSAGE_TAG', 'UTILITY']).optional(),
  tag: z.string().min(1).optional(),
  notification_type: z.enum(['REGULAR', 'SILENT_PUSH', 'NO_PUSH']).optional(),
  persona_id: z
    .union([z.string().min(1), z.number()])
    .transform(String)
    .optional(),
  metadata: z.string().max(METADATA_MAX).optional(),
  quick_replies: z.array(quickReplySchema).max(13).optional(),
  attachment: attachmentSchema.optional(),
  sender_action: z.enum(['typing_on', 'typing_off', 'mark_seen', 'react', 'unreact']).optional(),
  payload: z.looseObject({ message_id: z.string().min(1), reaction: z.string().min(1).optional() }).optional(),
  sticker_id: z
    .union([z.string().regex(/^\d+$/), z.number().int().positive()])
    .transform(String)
    .optional(),
  reply_to: z
    .union([z.string().min(1), z.looseObject({ mid: z.string().min(1) })])
    .transform((value) => ({ mid: typeof value === 'string' ? value : value.mid }))
    .optional(),
  thread_control: z
    .object({ app_id: z.string().min(1).optional(), control_type: z.enum(['pass', 'release']) })
    .optional(),
  template: templateSchema.optional(),
});

/** Send API options read from `channelData` (only the keys that were set). */
export type SendOptions = z.infer<typeof sendOptionsSchema>;

/** The keys {@link readSendOptions} passes through. */
export const PASSTHROUGH_KEYS = [
  'messaging_type',
  'tag',
  'notification_type',
  'persona_id',
  'metadata',
  'quick_replies',
  'attachment',
  'sender_action',
  'payload',
  'sticker_id',
  'reply_to',
  'thread_control',
  'template',
] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

function pick(source: Record<string, unknown>): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const key of PASSTHROUGH_KEYS) {
    if (source[key] !== undefined && source[key] !== null) picked[key] = source[key];
  }
  return picked;
}

/**
 * Reads the Send API options of an outgoing activity's `channelData`.
 *
 * @remarks
 * Keys: `messaging_type`, `tag`, `notification_type`, `persona_id`, `metadata` (goes into
 * `message.metadata`), `quick_replies` (replace the mapped ones), `attachment` (replaces the mapped
 * attachments), `sender_action` (a separate request before the messages; `react` / `unreact` take
 * `payload: { message_id, reaction }`), `sticker_id` (a sticker message after the text), `reply_to` (a string
 * `mid` or `{ mid }`: quotes that message) and `thread_control` (`{ control_type: 'pass' | 'release',
 * app_id? }`: passes or releases the thread with the last message) and `template` (a utility
 * template, `message.template`, sent with `messaging_type: UTILITY`; see `utilityMessage`). A key at the top level wins over the same key under
 * `channelData.facebook` (Azure's nested form); on Instagram `channelData.instagram` is read too and
 * wins over `channelData.facebook`. Other keys (e.g. `humanAgent`, or the raw inbound event a bot
 * copied along) are ignored here.
 *
 * Throws `NOT_SUPPORTED` naming the key when a value is not one Meta accepts (e.g. an unknown
 * `notification_type`, or `metadata` of 1000 characters or more).
 *
 * @example
 * ```ts
 * readSendOptions({ tag: 'HUMAN_AGENT', facebook: { tag: 'OLD', notification_type: 'NO_PUSH' } }, 'facebook');
 * // { tag: 'HUMAN_AGENT', notification_type: 'NO_PUSH' }
 * ```
 */
export function readSendOptions(channelData: unknown, channelId: MessengerChannelId): SendOptions {
  if (!isRecord(channelData)) return {};
  const nested = [channelData.facebook, channelId === 'instagram' ? channelData.instagram : undefined];
  const merged: Record<string, unknown> = {};
  for (const layer of [...nested, channelData]) {
    if (isRecord(layer)) Object.assign(merged, pick(layer));
  }
  const parsed = sendOptionsSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue?.path.map(String).join('.') ?? '';
    throw new MessengerError(
      'NOT_SUPPORTED',
      `channelData.${key} is not a value the Send API accepts (${issue?.message ?? 'invalid'}); ` +
        'see the Send API reference for the allowed values.',
      { details: { key } },
    );
  }
  return parsed.data;
}

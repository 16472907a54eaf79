/**
 * Checks of the arguments of the typed `GraphClient` methods, made before any request: a wrong
 * argument is a `CONFIG_INVALID` error naming it, never a confusing Graph error.
 *
 * @module
 */
import { z } from 'zod';
import { MessengerError } from '../errors';

/** Sender actions of the Send API. */
export const SENDER_ACTIONS = ['typing_on', 'typing_off', 'mark_seen'] as const;
/** A Graph id (PSID, IGSID, app id, comment id) that is safe in a path. */
export const ID_PATTERN = /^[A-Za-z0-9_-]+$/;
/** A Graph field name, optionally with sub-fields: `name`, `picture{url}`. */
export const PROFILE_FIELD_PATTERN = /^[a-z_]+(\{[a-z_,]+\})?$/;

const attachmentType = z.enum(['image', 'video', 'audio', 'file']);
/** Upload input by URL. */
export const uploadByUrlSchema = z.object({
  type: attachmentType,
  url: z.string().regex(/^https?:\/\/\S+$/, 'url must be an http(s) URL Meta can fetch'),
  isReusable: z.boolean().optional(),
  platform: z.literal('instagram').optional(),
});
/** Upload input with the bytes. */
export const uploadBytesSchema = z.object({
  type: attachmentType,
  data: z.instanceof(Buffer, { message: 'data must be a Buffer' }),
  contentType: z.string().regex(/^[\w.+-]+\/[\w.+-]+/, 'contentType must be a MIME type such as image/png'),
  filename: z.string().min(1).max(255).optional(),
  isReusable: z.boolean().optional(),
  platform: z.literal('instagram').optional(),
});

/** A `CONFIG_INVALID` error with `message`. */
export function invalid(message: string): MessengerError {
  return new MessengerError('CONFIG_INVALID', message);
}

/** Throws `CONFIG_INVALID` unless `id` is a Graph id. */
export function checkId(what: string, id: string): void {
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
    throw invalid(`${what} must be a Graph id (digits, e.g. the sender.id of a webhook event).`);
  }
}

/** Throws `CONFIG_INVALID` unless `metadata` is absent or shorter than 1000 characters. */
export function checkMetadata(metadata: string | undefined): void {
  if (metadata !== undefined && (typeof metadata !== 'string' || metadata.length >= 1000)) {
    throw invalid('Thread control metadata must be a string of fewer than 1000 characters.');
  }
}

/**
 * Identifiers shaped like Meta's: message ids, attachment ids, trace ids, user ids.
 *
 * @module
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { Platform } from './world/types';

/** A random string of decimal digits that does not start with 0. */
export function numericId(length: number): string {
  let id = String(randomInt(1, 10));
  while (id.length < length) id += String(randomInt(0, 10));
  return id;
}

/**
 * A message id like Meta's: `m_` + 86 base64url characters on Messenger; on Instagram a base64
 * string that starts `aWdfZA` (base64 of `ig_d`), as IG mids do.
 */
export function messageId(platform: Platform, accountId: string): string {
  if (platform === 'messenger') return `m_${randomBytes(64).toString('base64url')}`;
  const item = `ig_dm_item:1:IGMessageData:${accountId}:${numericId(39)}`;
  return Buffer.from(item).toString('base64').replace(/=+$/, '');
}

/** An `fbtrace_id` like Meta's (23 characters of base64url). */
export function fbtraceId(): string {
  return randomBytes(18).toString('base64url').slice(0, 23);
}

/** An Attachment Upload API id (16 digits). */
export function attachmentId(): string {
  return numericId(16);
}

/** A new page-scoped (PSID) or Instagram-scoped (IGSID) user id (16 digits). */
export function userId(): string {
  return numericId(16);
}

/**
 * Conversation routing: who owns a thread, and when control lapses.
 *
 * The sandbox models a Page whose default app is the bot: an idle thread (no owner) routes events to
 * the bot; a user message on an idle thread makes the bot the owner; control lapses after 24 hours
 * without activity unless `extend_thread_control` set a later time.
 *
 * @module
 */
import { DAY_MS } from '../clock';
import type { Conversation } from './types';

/** Control lapses this long after the last activity (reference section 4). */
export const THREAD_CONTROL_TTL_MS = DAY_MS;
/** `extend_thread_control` accepts at most this many seconds (7 days). */
export const MAX_EXTEND_SECONDS = 7 * 24 * 60 * 60;

/** The app that controls the thread now, or undefined when it is idle (expired control is dropped). */
export function ownerOf(conversation: Conversation, now: number): string | undefined {
  const owner = conversation.owner;
  if (owner === undefined) return undefined;
  if (now >= owner.expiresAt) {
    conversation.owner = undefined;
    return undefined;
  }
  return owner.appId;
}

/** Gives control to `appId` until `now + ttlMs`. */
export function giveControl(
  conversation: Conversation,
  appId: string,
  now: number,
  ttlMs = THREAD_CONTROL_TTL_MS,
): void {
  conversation.owner = { appId, expiresAt: now + ttlMs };
}

/** Makes the thread idle. */
export function releaseControl(conversation: Conversation): void {
  conversation.owner = undefined;
}

/**
 * Records a user message: an idle thread becomes the default app's, and the owner's control is
 * renewed for another 24 hours (never shortened below an extension).
 */
export function recordUserActivity(conversation: Conversation, now: number, defaultAppId: string): void {
  const owner = ownerOf(conversation, now);
  if (owner === undefined) {
    giveControl(conversation, defaultAppId, now);
    return;
  }
  const current = conversation.owner;
  if (current !== undefined) current.expiresAt = Math.max(current.expiresAt, now + THREAD_CONTROL_TTL_MS);
}

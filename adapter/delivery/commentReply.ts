/**
 * Private replies to comments (messenger-platform.md, "2026 additions", topic 7): in a comment turn
 * (`messenger.comment`) the bot's reply to the commenter goes out as `recipient: { comment_id }`, and
 * Meta allows one such message per comment, within 7 days of the comment. The one-reply rule is kept
 * in the shared store, so a second send (in the turn, in a later turn for the same comment, or on
 * another instance) is refused before any Graph call.
 *
 * @module
 */
import type { PlainActivity } from '../activity';
import { MessengerError } from '../errors';
import type { MessengerChannelId } from '../platform';
import type { StateStore } from '../state/stateStore';
import type { MessengerTurnInfo } from '../turnInfo';

/** How long after a comment Meta accepts its private reply: 7 days. */
export const PRIVATE_REPLY_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/** The comment a turn is about, as far as a private reply needs it. */
export interface CommentTarget {
  readonly channelId: MessengerChannelId;
  /** The Page or Instagram account the comment was made on. */
  readonly accountId: string;
  /** The comment id (`value.comment_id` on a Page feed, `value.id` on Instagram). */
  readonly commentId: string;
  /** The commenter's id (a Facebook user id or IG-scoped id; not a PSID until they answer). */
  readonly authorId: string;
  /** Epoch ms of the comment. */
  readonly createdAt: number | undefined;
}

function record(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * The comment of a `messenger.comment` turn that a private reply may answer, or `undefined` for any
 * other turn: a Page feed value `{ item: 'comment', verb: 'add' | 'edited', comment_id, from }`, or an
 * Instagram comment value `{ id, text, from, media }` (`comments`, `live_comments`).
 */
export function commentTargetOf(
  info: MessengerTurnInfo | undefined,
  turnActivity: PlainActivity,
): CommentTarget | undefined {
  if (info?.source !== 'changes' || info.event === undefined) return undefined;
  const value = record(info.event.value);
  const authorId = record(value?.from)?.id;
  // The account's own comments (its public replies come back as comment webhooks too) get no private reply.
  if (value === undefined || typeof authorId !== 'string' || authorId === info.accountId) return undefined;
  // Routed by the value's keys, not the field name (Meta's pages name the fields differently).
  let commentId: unknown;
  if (value.item === 'comment' && (value.verb === 'add' || value.verb === 'edited')) {
    commentId = value.comment_id;
  } else if (record(value.media) !== undefined && typeof value.text === 'string') commentId = value.id;
  if (typeof commentId !== 'string' || commentId === '') return undefined;
  const stamp = turnActivity.timestamp;
  const createdAt = stamp === undefined ? undefined : new Date(stamp).getTime();
  return {
    channelId: info.channelId,
    accountId: info.accountId,
    commentId,
    authorId,
    createdAt: Number.isFinite(createdAt) ? createdAt : undefined,
  };
}

/** A comment turn's facts for the delivery: the comment and the store that keeps its one reply. */
export interface CommentReplyContext {
  readonly target: CommentTarget;
  readonly store: StateStore;
}

/** The {@link CommentReplyContext} of a turn, or `undefined` when the turn is no comment turn. */
export function commentReplyContext(
  info: MessengerTurnInfo | undefined,
  turnActivity: PlainActivity,
): CommentReplyContext | undefined {
  const target = commentTargetOf(info, turnActivity);
  return target === undefined || info === undefined ? undefined : { target, store: info.store };
}

function claimKey(target: Pick<CommentTarget, 'accountId' | 'commentId'>): string {
  return `pr:${target.accountId}:${target.commentId}`;
}

/**
 * Takes the one private reply of a comment, or throws `NOT_SUPPORTED` naming the rule and what is
 * still allowed: past 7 days, or when the comment already has its private reply.
 */
export async function claimPrivateReply(store: StateStore, target: CommentTarget, now: number): Promise<void> {
  const allowed =
    'A public reply (replyToComment) is still possible, and once the person answers the private reply a ' +
    'normal conversation opens. Nothing was sent.';
  if (target.createdAt !== undefined && now - target.createdAt >= PRIVATE_REPLY_WINDOW_MS) {
    throw new MessengerError(
      'NOT_SUPPORTED',
      `Meta accepts a private reply to a comment only within 7 days of the comment; this one is older. ${allowed}`,
      { details: { rule: 'private-reply-7-days', commentId: target.commentId, createdAt: target.createdAt } },
    );
  }
  const ttl = Math.max(1, (target.createdAt ?? now) + PRIVATE_REPLY_WINDOW_MS - now);
  if (!(await store.setIfAbsent(claimKey(target), now, ttl))) {
    throw new MessengerError(
      'NOT_SUPPORTED',
      `Meta allows one private reply per comment, and comment ${target.commentId} already has it: put everything ` +
        `into that one message. ${allowed}`,
      { details: { rule: 'private-reply-once', commentId: target.commentId } },
    );
  }
}

/** Gives the claim back after Meta refused the reply (nothing was delivered), so it may be tried again. */
export async function releasePrivateReply(
  store: StateStore,
  target: Pick<CommentTarget, 'accountId' | 'commentId'>,
): Promise<void> {
  await store.delete(claimKey(target));
}

/**
 * What a person does around the conversation rather than in it: arriving from a Click-to-Messenger /
 * Click-to-Direct ad, and commenting on the account's post (messenger-platform.md, "2026 additions",
 * topics 2 and 7). Kept beside the world (weak maps), not in it.
 *
 * @module
 */
import { SandboxError } from '../errors';
import * as ids from '../ids';
import type { Conversation, JsonObject } from '../world/types';
import type { World } from '../world/world';

/** The ad a user arrives from. */
export interface AdOptions {
  /** Default: a fresh 17-digit id. */
  adId?: string;
  /** Default `Summer linen`. */
  title?: string;
}

const adStarts = new WeakMap<Conversation, number>();

/** Records that the conversation's message at `at` came from an ad (the longer window starts). */
export function markAdStart(conversation: Conversation, at: number): void {
  adStarts.set(conversation, at);
}

/** Sandbox time of the conversation's message from an ad, if any. */
export function adStartOf(conversation: Conversation): number | undefined {
  return adStarts.get(conversation);
}

/** The `message.referral` Meta adds to the first message after a Click-to-Messenger / Click-to-Direct ad. */
export function adReferral(conversation: Conversation, ad: AdOptions = {}): JsonObject {
  const context: JsonObject = {
    ad_title: ad.title ?? 'Summer linen',
    photo_url: 'https://scontent.xx.fbcdn.net/v/t45.1600-4/ad-photo.jpg',
  };
  if (conversation.account.platform === 'messenger') {
    context.post_id = `${conversation.account.id}_${ids.numericId(16)}`;
  }
  return {
    ref: 'ad-sandbox',
    ad_id: ad.adId ?? ids.numericId(17),
    source: 'ADS',
    type: 'OPEN_THREAD',
    ads_context_data: context,
  };
}

/** A comment on the account's post, and what the Page did about it. */
export interface SandboxComment {
  readonly id: string;
  readonly postId: string;
  readonly text: string;
  /** Sandbox time of the comment. */
  readonly createdAt: number;
  /** The commenter's conversation with the account (a private reply lands there). */
  readonly conversation: Conversation;
  /** The `mid` of the one private reply, once sent. */
  privateReplyMid?: string;
  /** Public replies under the comment. */
  readonly replies: { id: string; text: string }[];
}

const commentsByWorld = new WeakMap<World, Map<string, SandboxComment>>();

/** Every comment of the sandbox, by id. */
export function commentsOf(world: World): Map<string, SandboxComment> {
  let comments = commentsByWorld.get(world);
  if (comments === undefined) {
    comments = new Map();
    commentsByWorld.set(world, comments);
  }
  return comments;
}

/** The account's one post that people comment on. */
export function postIdOf(conversation: Conversation): string {
  const { account } = conversation;
  return account.platform === 'messenger' ? `${account.id}_219008572362354` : '17990000000000001';
}

/**
 * Adds a comment by the conversation's user on the account's post, and returns the `changes[]` item
 * Meta posts for it: Page `feed` `{ item: 'comment', verb: 'add', comment_id, post_id, from, message,
 * created_time (seconds) }`, Instagram `comments` `{ id, text, from, media }`.
 */
export function addComment(
  world: World,
  conversation: Conversation,
  text: string,
  now: number,
): { comment: SandboxComment; change: JsonObject } {
  if (typeof text !== 'string' || text.trim() === '') {
    throw new SandboxError('INVALID_ARGUMENT', 'comment(text) needs a non-empty string.');
  }
  const { user, account } = conversation;
  const postId = postIdOf(conversation);
  const messenger = account.platform === 'messenger';
  const id = messenger ? `${postId.split('_')[1]}_${ids.numericId(15)}` : ids.numericId(17);
  const comment: SandboxComment = { id, postId, text, createdAt: now, conversation, replies: [] };
  commentsOf(world).set(id, comment);
  const change: JsonObject = messenger
    ? {
        field: 'feed',
        value: {
          from: { id: user.id, name: `${user.firstName} ${user.lastName}` },
          post: { status_type: 'added_photos', is_published: true, id: postId },
          message: text,
          post_id: postId,
          comment_id: id,
          created_time: Math.floor(now / 1000),
          item: 'comment',
          parent_id: postId,
          verb: 'add',
        },
      }
    : {
        field: 'comments',
        value: {
          from: { id: user.id, username: user.username ?? user.firstName.toLowerCase() },
          media: { id: postId, media_product_type: 'FEED' },
          id,
          text,
        },
      };
  return { comment, change };
}

/** What the page shows of an account's post: its comments, with the Page's private and public replies. */
export function postsView(world: World): JsonObject[] {
  const byPost = new Map<string, JsonObject & { comments: JsonObject[] }>();
  for (const comment of commentsOf(world).values()) {
    const { account, user } = comment.conversation;
    let post = byPost.get(comment.postId);
    if (post === undefined) {
      post = { id: comment.postId, accountId: account.id, platform: account.platform, comments: [] };
      byPost.set(comment.postId, post);
    }
    post.comments.push({
      id: comment.id,
      userId: user.id,
      author: user.username ?? `${user.firstName} ${user.lastName}`,
      text: comment.text,
      at: comment.createdAt,
      privateReply: comment.privateReplyMid !== undefined,
      replies: comment.replies.map((reply) => reply.text),
    });
  }
  return [...byPost.values()];
}

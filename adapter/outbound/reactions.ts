/**
 * Reactions the Page sends (messenger-platform.md, "2026 additions", topic 4): Messenger and
 * Instagram take `sender_action: react` with `payload: { message_id, reaction }` (any emoji, or
 * Instagram's `love`), and `unreact` with `payload: { message_id }`. Sending `react` again changes
 * the reaction. Meta answers `{ recipient_id }` without a message id.
 *
 * @module
 */
import type { PlainActivity } from '../activity';
import { MessengerError } from '../errors';
import { readSendOptions } from './channelData';
import type { OutboundContext, OutboundRequest } from './types';

/** The `payload` of a `react` / `unreact` sender action. */
export interface ReactionPayload {
  /** The `mid` of the user's message. */
  message_id: string;
  /** The reaction: an emoji such as `😊`, or a name such as `love` (`react` only). */
  reaction?: string;
}

/**
 * An outgoing `messageReaction` activity that reacts to a user's message with `reaction`.
 *
 * @example
 * ```ts
 * await context.sendActivity(reactionActivity(context.activity.id!, '❤️'));
 * ```
 */
export function reactionActivity(messageId: string, reaction: string): ReactionActivity {
  return {
    type: 'messageReaction',
    replyToId: messageId,
    reactionsAdded: [{ type: reaction }],
    channelData: { payload: { message_id: messageId } },
  };
}

/** An outgoing `messageReaction` activity that removes the Page's reaction from a user's message. */
export function unreactionActivity(messageId: string): ReactionActivity {
  return {
    type: 'messageReaction',
    replyToId: messageId,
    reactionsRemoved: [{ type: 'other' }],
    channelData: { payload: { message_id: messageId } },
  };
}

/**
 * What {@link reactionActivity} and {@link unreactionActivity} build. The target is in
 * `channelData.payload.message_id` as well as `replyToId`, because botbuilder's `sendActivity`
 * overwrites `replyToId` with the id of the turn's incoming activity.
 */
export interface ReactionActivity {
  type: 'messageReaction';
  replyToId: string;
  reactionsAdded?: { type: string }[];
  reactionsRemoved?: { type: string }[];
  channelData: { payload: { message_id: string } };
}

/** The Send API request of a `react` / `unreact` sender action. */
export function reactionRequest(
  action: 'react' | 'unreact',
  payload: ReactionPayload,
  context: Pick<OutboundContext, 'recipientId'>,
): OutboundRequest {
  if (typeof payload.message_id !== 'string' || payload.message_id === '') {
    throw new MessengerError(
      'NOT_SUPPORTED',
      `A ${action} needs the mid of the user's message it is about (activity.replyToId, or channelData.payload.message_id). Nothing was sent.`,
    );
  }
  const reaction = payload.reaction;
  if (action === 'react' && (typeof reaction !== 'string' || reaction.trim() === '')) {
    throw new MessengerError(
      'NOT_SUPPORTED',
      'A react needs the reaction: an emoji such as "😊" or a name such as "love". To remove one, send unreact. Nothing was sent.',
    );
  }
  const body =
    action === 'react'
      ? { message_id: payload.message_id, reaction: reaction as string }
      : { message_id: payload.message_id };
  return {
    kind: 'sender_action',
    budget: 'text',
    body: { recipient: { id: context.recipientId }, sender_action: action, payload: body },
  };
}

/**
 * The request of an outgoing `messageReaction` activity: `reactionsAdded` (the last one: a Page has
 * one reaction per message) becomes `react`, else `reactionsRemoved` becomes `unreact`, on the message
 * `channelData.payload.message_id`, else `replyToId` (which botbuilder sets to the turn's incoming
 * activity: a hand-built reaction without `channelData` reacts to the message of the turn). Throws `NOT_SUPPORTED` when there is no target message or no reaction.
 */
export function messageReactionRequests(activity: PlainActivity, context: OutboundContext): OutboundRequest[] {
  const messageId = readSendOptions(activity.channelData, context.channelId).payload?.message_id ?? activity.replyToId ?? '';
  const added = activity.reactionsAdded ?? [];
  const last = added[added.length - 1];
  if (last !== undefined) return [reactionRequest('react', { message_id: messageId, reaction: last.type }, context)];
  if ((activity.reactionsRemoved ?? []).length > 0) return [reactionRequest('unreact', { message_id: messageId }, context)];
  throw new MessengerError(
    'NOT_SUPPORTED',
    'A messageReaction activity needs reactionsAdded (react) or reactionsRemoved (unreact); use reactionActivity() ' +
      'or unreactionActivity(). Nothing was sent.',
  );
}

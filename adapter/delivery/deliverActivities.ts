import type { PlainActivity } from '../activity';
import { GraphApiError, MessengerError } from '../errors';
import type { GraphClient } from '../graph/graphClient';
import { activityToSendRequests, type OutboundRequest } from '../outbound';
import type { MessengerChannelId } from '../platform';
import { runSendPipeline, type SendInterceptor, type SendOperation, type SendResult } from '../sendPipeline';
import { type CommentReplyContext, claimPrivateReply, releasePrivateReply } from './commentReply';
import type { MessengerTurnInfo } from '../turnInfo';
import { isReplyTurn } from './replyKind';
import { type DeliveryTarget, resolveTarget } from './resolveTarget';
import { copyWith } from '../copyWith';

/** What {@link deliverActivities} needs from the turn. */
export interface DeliveryContext {
  readonly graph: GraphClient;
  readonly interceptors: readonly SendInterceptor[];
  /** The turn's info and activity: a message to the user who started the turn is a reply (`RESPONSE`, else `UPDATE`; see `isReplyTurn`). */
  readonly turn: { readonly info: MessengerTurnInfo | undefined; readonly activity: PlainActivity };
  /** Waits `ms` (the `delay` activity). */
  readonly sleep: (ms: number) => Promise<void>;
  /** Set in a comment turn: a message to the commenter is the comment's one private reply. */
  readonly comment?: CommentReplyContext | undefined;
  /** The clock, epoch ms (default `Date.now`). */
  readonly now?: () => number;
}

/** One response per activity, in order: the Graph `message_id` of the first message it produced. */
export interface DeliveryResponse {
  id: string;
}

const HANDOFF_EVENT_NAMES = new Set([
  'handoff.initiate',
  'pass_thread_control',
  'take_thread_control',
  'request_thread_control',
  'release_thread_control',
]);

/**
 * Sends outgoing activities in order. `message`, `typing` and `messageReaction` become Send API calls (each through
 * the turn's interceptors); `delay` waits; `trace` is dropped; other `event` activities have no
 * Messenger form and are skipped, except handoff events, which need `HandoverMiddleware`.
 * A failure rejects (it reaches `onTurnError`); nothing is swallowed.
 */
export async function deliverActivities(
  activities: readonly PlainActivity[],
  context: DeliveryContext,
): Promise<DeliveryResponse[]> {
  const responses: DeliveryResponse[] = [];
  for (const activity of activities) {
    responses.push(await deliverOne(activity, context));
  }
  return responses;
}

async function deliverOne(activity: PlainActivity, context: DeliveryContext): Promise<DeliveryResponse> {
  switch (activity.type ?? 'message') {
    case 'delay': {
      const ms = typeof activity.value === 'number' && activity.value >= 0 ? activity.value : 1000;
      await context.sleep(ms);
      return { id: '' };
    }
    case 'trace':
    case 'invokeResponse':
      return { id: '' };
    case 'event':
      if (activity.name && HANDOFF_EVENT_NAMES.has(activity.name)) {
        throw new MessengerError(
          'CONFIG_INVALID',
          `The bot sent a '${activity.name}' event, but no HandoverMiddleware is installed to carry it out: ` +
            'add adapter.use(new HandoverMiddleware()).',
        );
      }
      return { id: '' };
    case 'message':
    case 'typing':
    case 'messageReaction':
      return sendMessageActivity(activity, context);
    default:
      return { id: '' };
  }
}

async function sendMessageActivity(
  activity: PlainActivity,
  context: DeliveryContext,
): Promise<DeliveryResponse> {
  const target = resolveTarget(activity);
  const comment = context.comment;
  if (comment && target.userId === comment.target.authorId && target.accountId === comment.target.accountId) {
    return sendPrivateReply(activity, target, comment, context);
  }
  const requests = activityToSendRequests(activity, {
    channelId: target.channelId,
    recipientId: target.userId,
    messagingType: isReplyTurn(context.turn.info, context.turn.activity, target.userId) ? 'RESPONSE' : 'UPDATE',
  });
  let firstId: string | undefined;
  for (const request of requests) {
    if (request.upload) await uploadInline(request, target.accountId, context.graph, target.channelId);
    const op: SendOperation = { kind: request.kind, budget: request.budget, body: request.body, activity, ...target };
    const result = await sendThrough(context, op);
    firstId ??= result.messageId;
  }
  return { id: firstId ?? '' };
}

/**
 * The reply to a commenter in a comment turn: exactly one message, as `recipient: { comment_id }`
 * (Meta's private reply; no `messaging_type`, as Meta documents the body). Typing indicators and other
 * sender actions have no form for a commenter (there is no thread yet) and are not sent. More than
 * one message, or a second private reply to the comment, is refused with `NOT_SUPPORTED`.
 */
async function sendPrivateReply(
  activity: PlainActivity,
  target: DeliveryTarget,
  comment: CommentReplyContext,
  context: DeliveryContext,
): Promise<DeliveryResponse> {
  if ((activity.type ?? 'message') === 'typing') return { id: '' };
  const requests = activityToSendRequests(activity, {
    channelId: target.channelId,
    recipientId: target.userId,
    messagingType: 'RESPONSE',
  }).filter((request) => request.kind === 'message');
  const [request] = requests;
  if (request === undefined) return { id: '' };
  if (requests.length > 1) {
    throw new MessengerError(
      'NOT_SUPPORTED',
      `This reply to a comment maps to ${requests.length} messages, but Meta allows one private reply per comment: ` +
        'send one message (a text up to the platform limit, or one attachment or template with a text of its own). ' +
        'Nothing was sent.',
      { details: { rule: 'private-reply-one-message', commentId: comment.target.commentId } },
    );
  }
  await claimPrivateReply(comment.store, comment.target, (context.now ?? Date.now)());
  try {
    await uploadInline(request, target.accountId, context.graph, target.channelId);
    const body = { recipient: { comment_id: comment.target.commentId }, message: request.body.message };
    const op: SendOperation = { kind: 'message', budget: request.budget, body, activity, ...target };
    const result = await sendThrough(context, op);
    return { id: result.messageId ?? '' };
  } catch (error) {
    // Meta answered with an error: nothing was delivered, so the comment keeps its one reply.
    if (error instanceof GraphApiError) await releasePrivateReply(comment.store, comment.target);
    throw error;
  }
}

/** Sends `op` through the turn's interceptors; straight to Graph when the turn has none. */
function sendThrough(context: DeliveryContext, op: SendOperation): Promise<SendResult> {
  const { graph, interceptors } = context;
  if (interceptors.length === 0) return sendOperation(op, graph);
  return runSendPipeline(interceptors, op, (current) => sendOperation(current, graph));
}

async function sendOperation(op: SendOperation, graph: GraphClient): Promise<SendResult> {
  if (op.kind === 'sender_action' && (op.body.sender_action === 'react' || op.body.sender_action === 'unreact')) {
    // Reactions carry a payload the typed senderAction does not take; Meta answers without a message id.
    await graph.sendMessage(op.accountId, op.body);
    return {};
  }
  if (op.kind === 'sender_action') {
    await graph.senderAction(
      op.accountId,
      op.userId,
      op.body.sender_action as 'typing_on' | 'typing_off' | 'mark_seen',
      op.body.persona_id,
    );
    return {};
  }
  return graph.sendMessage(op.accountId, op.body);
}

async function uploadInline(
  request: OutboundRequest,
  accountId: string,
  graph: GraphClient,
  channelId: MessengerChannelId,
): Promise<void> {
  if (!request.upload) return;
  const attachmentId = await graph.uploadAttachment(accountId, {
    type: request.upload.type,
    data: request.upload.data,
    contentType: request.upload.contentType,
    ...(request.upload.filename ? { filename: request.upload.filename } : {}),
    ...(channelId === 'instagram' ? { platform: 'instagram' as const } : {}),
  });
  const attachment = (request.body.message?.attachment ?? undefined) as
    | { payload?: Record<string, unknown> }
    | undefined;
  if (!attachment) {
    throw new MessengerError(
      'GRAPH_ERROR',
      'An inline upload has no attachment to carry its id (internal mapping error).',
    );
  }
  attachment.payload = copyWith(attachment.payload ?? {}, { attachment_id: attachmentId });
}

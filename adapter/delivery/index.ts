/**
 * Outgoing delivery: activities -> Send API calls, the reply target, comment private replies.
 *
 * @module
 */
export { type CommentTarget, PRIVATE_REPLY_WINDOW_MS } from './commentReply';

/**
 * Conversation routing (handover) from the bot to people and back: `HandoverMiddleware`, the pure
 * policy behind it; the thread-control functions (in adapter/handover) are re-exported here.
 *
 * @module
 */
export { HandoverMiddleware } from './handoverMiddleware';
export { type HandoverMiddlewareOptions, keywordMatcher, resolveHandoverPolicy } from './handoverOptions';
export {
  type HandoverEnv,
  type HandoverHooks,
  type HandoverPolicy,
  HandoverTurn,
  type InboundOutcome,
  type ThreadControlRequest,
} from './handoverTurn';
export { asHumanAgent, type HumanAgentChannelData, type HumanAgentMessage, isHumanAgentActivity } from './humanAgent';
// Thread control and the handoff events live in adapter/handover (both shells use them).
export * from '../../adapter/handover';

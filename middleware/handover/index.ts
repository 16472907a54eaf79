/**
 * Conversation routing (handover) from the bot to people and back: `HandoverMiddleware`, the pure
 * policy behind it; the thread-control functions (in adapter/handover) are re-exported here.
 *
 * @module
 */
export {
  createHandoffStatus,
  HANDOFF_INITIATE,
  HANDOFF_STATUS,
  type HandoffConversation,
  type HandoffState,
  type HandoffStatusDetails,
  type HandoffTrigger,
  readThreadControlCommand,
  THREAD_CONTROL_EVENT_NAMES,
  type ThreadControlCommand,
} from '../../adapter/handover';
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
export { handoffContextToMetadata, METADATA_MAX_CHARS, truncateMetadata } from '../../adapter/handover';
export { handoverKeys } from '../../adapter/handover';
export {
  applyRecord,
  extendThreadControl,
  passThreadControl,
  readThreadControl,
  recordNotThreadOwner,
  refreshThreadOwner,
  releaseThreadControl,
  requestThreadControl,
  type ThreadControlDeps,
  type ThreadControlGraph,
  type ThreadControlOutcome,
  type ThreadRef,
  type ThreadState,
  takeThreadControl,
  threadRefOf,
} from '../../adapter/handover';
export {
  controllerOf,
  type HandoverRecord,
  readHandoverRecord,
  type ThreadController,
  UNKNOWN_OWNER_APP_ID,
} from '../../adapter/handover';

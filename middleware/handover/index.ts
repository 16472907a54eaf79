/**
 * Conversation routing (handover) from the bot to people and back: `HandoverMiddleware`, the pure
 * policy behind it, and the thread-control functions the adapter exposes as typed helpers.
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
} from './handoffEvents';
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
export { asHumanAgent, isHumanAgentActivity } from '../../adapter/outbound/humanAgent';
export { handoffContextToMetadata, METADATA_MAX_CHARS, truncateMetadata } from './metadata';
export { handoverKeys } from './selfApp';
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
} from './threadControl';
export {
  controllerOf,
  type HandoverRecord,
  readHandoverRecord,
  type ThreadController,
  UNKNOWN_OWNER_APP_ID,
} from './threadOwnership';

/**
 * Thread control (Messenger / Instagram conversation routing) and the Bot Framework handoff events:
 * the Graph operations that keep the recorded thread owner right, the owner record itself, and
 * `handoff.initiate` / `handoff.status`. Framework-neutral: both adapter shells and
 * `HandoverMiddleware` build on it.
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
export { createHandoffInitiation } from './handoffInitiation';

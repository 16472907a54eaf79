/**
 * The messaging window (24 hours free, 7 days for human agents, then closed) for Messenger and
 * Instagram: `MessagingWindowMiddleware`, its pure policy, and the query API.
 *
 * @module
 */

export {
  AD_WINDOW_MS,
  adWindowKey,
  clearAdWindow,
  isAdMessage,
  readAdWindowEndsAt,
  recordAdStart,
} from './adWindow';
export type { WindowRefusalFacts } from './graphRefusal';
export {
  isGraphWindowRefusal,
  refusedWindowOf,
  WINDOW_REFUSAL_SUBCODES,
  windowRefusalError,
} from './graphRefusal';
export { MessagingWindowMiddleware } from './messagingWindowMiddleware';
export type {
  MessagingWindowOptions,
  ResolvedWindowOptions,
  WindowClosedEvent,
  LocalRefusalEvent,
} from './messagingWindowOptions';
export { resolveWindowOptions } from './messagingWindowOptions';
export { userInteractionAt, type WindowOpener, windowOpenerOf } from './windowEvents';
export { formatDuration, stillAllowed, type WindowClosedFacts, windowClosedMessage } from './windowMessages';
export {
  decideOutgoing,
  type MessagingType,
  type OutgoingDecision,
  type OutgoingMessageFacts,
  typingAllowed,
  type UnknownWindowPolicy,
  type WindowPolicySettings,
} from './windowPolicy';
export {
  CLOSED_RETENTION_MS,
  getWindowState,
  type RefusedWindow,
  readLastUserAt,
  recordTtlMs,
  recordUserInteraction,
  recordWindowRefusal,
  type WindowState,
  type WindowStateOptions,
  type WindowStatus,
  windowStateAt,
} from './windowState';
export { MESSAGING_WINDOWS, type MessagingWindows, type WindowPhase, windowPhase } from './windows';
export {
  ALLOWED_TAGS,
  checkTag,
  HUMAN_AGENT_TAG,
  type MessageTag,
  platformName,
  RETIRED_TAGS,
  tagWindow,
} from './windowTags';

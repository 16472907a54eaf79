/**
 * One record per message the bot tried to send: whether it went out or was refused, why, under which
 * rule, in which window state, with which tag. The page shows the refusals in the transcript with
 * their reason; a compliance report can read the same records next to each message.
 *
 * @module
 */
// types.ts imports SendRecord from here: a local alias of its JsonObject keeps the two free of a cycle.
type JsonObject = Record<string, unknown>;

/** The messaging window at the moment of an attempt: `open` (24 h), `human_agent` (7 d), `closed`. */
export type WindowStateName = 'open' | 'human_agent' | 'closed';

/** What became of an attempt. */
export type SendOutcome = 'sent' | 'refused';

/** Who refused: Meta's side (the sandbox's Send API), or the bot itself before calling it. */
export type RefusedBy = 'meta' | 'bot';

/** One send attempt of the bot in a conversation. */
export interface SendRecord {
  /** Orders the record among transcript entries (same counter). */
  readonly seq: number;
  /** Sandbox time of the attempt. */
  readonly at: number;
  readonly outcome: SendOutcome;
  /** The message id, when it was sent (the transcript entry with this `mid`). */
  readonly mid?: string;
  /** What the bot tried to send (refused attempts; sent ones are in the transcript). */
  readonly message?: JsonObject;
  readonly messagingType?: string;
  readonly tag?: string;
  /** The window when the bot tried. */
  readonly windowState: WindowStateName;
  /** The rule the attempt was judged by, in words, e.g. "24-hour standard messaging window". */
  readonly rule: string;
  /** Why it was refused, in one short sentence a developer acts on (refused attempts). */
  readonly reason?: string;
  /** Meta's error message, when Meta's side refused. */
  readonly detail?: string;
  /** Meta's error code (`code/subcode`), when Meta's side refused. */
  readonly errorCode?: string;
  readonly refusedBy?: RefusedBy;
}

/** The rule a send with this `messaging_type` and `tag` is judged by. */
export function windowRuleOf(messagingType: string | undefined, tag: string | undefined): string {
  if (messagingType === 'MESSAGE_TAG' && tag === 'HUMAN_AGENT') {
    return "HUMAN_AGENT tag: a person's reply, up to 7 days after the user's last message";
  }
  if (messagingType === 'MESSAGE_TAG') return `${tag ?? 'message'} tag`;
  if (messagingType === 'UTILITY') return 'utility template: an approved template, allowed outside the 24-hour window';
  return "standard messaging: up to 24 hours after the user's last message";
}

/** A message the bot itself refused to send (e.g. its window middleware), as it reports it to the sandbox. */
export interface BotRefusal {
  /** What the bot would have sent, e.g. `{ text: '...' }`. */
  message?: JsonObject;
  /** Why, in one sentence. */
  reason: string;
  /** The rule applied. Default: the window rule of `messagingType` and `tag`. */
  rule?: string;
  messagingType?: string;
  tag?: string;
}

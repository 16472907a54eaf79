/**
 * The messaging-window policy as pure functions: given when the user last wrote, the clock, the
 * platform and who wrote the outgoing message, decide its `messaging_type` / `tag` or refuse it.
 * No botbuilder class and no I/O here, so any shell (botbuilder middleware, Agents SDK) can use it.
 *
 * Meta's rule (messenger-platform.md, "Windows" and "Tags"): a business may send freely for 24 hours
 * after the user's last message (`RESPONSE` for a reply, `UPDATE` otherwise); from 24 hours to 7 days
 * only a human agent may write, with `messaging_type: MESSAGE_TAG` and `tag: HUMAN_AGENT`; after that
 * nothing. Instagram has the same two windows.
 *
 * @module
 */
import { MessengerError } from '../../adapter/errors';
import { UTILITY_MESSAGING_TYPE, utilityRefusal } from '../../adapter/outbound/utilityTemplate';
import type { MessengerChannelId } from '../../adapter/platform';
import { type WindowClosedFacts, windowClosedMessage } from './windowMessages';
import { type WindowPhase, windowPhase } from './windows';
import { checkTag, HUMAN_AGENT_TAG, type MessageTag, platformName, tagWindow } from './windowTags';
import { copyWith } from '../../adapter/copyWith';

/** The Send API `messaging_type`. */
export type MessagingType = 'RESPONSE' | 'UPDATE' | 'MESSAGE_TAG' | 'UTILITY';

const MESSAGING_TYPES: readonly string[] = ['RESPONSE', 'UPDATE', 'MESSAGE_TAG', 'UTILITY'];

/** What to do with a conversation that has no user interaction on record. */
export type UnknownWindowPolicy = 'send' | 'reject';

/** Settings of the policy (from the middleware options). */
export interface WindowPolicySettings {
  /** False for apps without the Human Agent permission: nothing goes out past 24 hours. */
  readonly humanAgentTag: boolean;
  /**
   * No interaction on record: `send` lets Meta decide (a refusal then corrects the record; an
   * untagged message can never break the rules), `reject` refuses locally.
   */
  readonly unknownWindow: UnknownWindowPolicy;
}

/** The facts about one outgoing message. */
export interface OutgoingMessageFacts {
  readonly channelId: MessengerChannelId;
  readonly conversationId: string;
  /** Epoch ms of the send. */
  readonly now: number;
  /** Epoch ms of the user's last window-opening interaction, if on record. */
  readonly lastUserAt: number | undefined;
  /** Written by a person (`isHumanAgentActivity`: `channelData.humanAgent === true`), never inferred from thread ownership. */
  readonly human: boolean;
  /** Sent in a turn the user started with a window-opening interaction. */
  readonly reply: boolean;
  /** `channelData.messaging_type` as the bot set it, if at all. */
  readonly messagingType?: unknown;
  /** `channelData.tag` as the bot set it, if at all. */
  readonly tag?: unknown;
  /** The message is a utility template (`channelData.template`, see `utilityMessage`). */
  readonly template?: boolean;
  /** End (epoch ms) of the longer standard window after a message from an ad, when it applies. */
  readonly adWindowEndsAt?: number | undefined;
}

/** The outcome of {@link decideOutgoing}. */
export type OutgoingDecision =
  | { readonly send: true; readonly messagingType: MessagingType; readonly tag: MessageTag | undefined }
  | { readonly send: false; readonly error: MessengerError };

/**
 * Decides how an outgoing message may go out, or refuses it before any Graph call.
 *
 * | phase | bot message | human agent's message |
 * |---|---|---|
 * | `open` (< 24 h) | `RESPONSE` (reply) / `UPDATE` | same |
 * | `human-agent` (24 h - 7 d) | `MESSAGING_WINDOW_CLOSED` | `MESSAGE_TAG` + `HUMAN_AGENT` (unless `humanAgentTag: false`) |
 * | `closed` (>= 7 d) | `MESSAGING_WINDOW_CLOSED` | `MESSAGING_WINDOW_CLOSED` |
 * | `unknown` | `RESPONSE` / `UPDATE` (or refused with `unknownWindow: 'reject'`) | `MESSAGE_TAG` + `HUMAN_AGENT` |
 * | any (Messenger) | a utility template (`channelData.template`): `UTILITY` | same |
 *
 * An explicit `messaging_type` / `tag` from the bot is respected when valid: `RESPONSE` / `UPDATE`
 * inside 24 hours (past that, the table above decides); `HUMAN_AGENT` only on a person's message;
 * `CUSTOMER_FEEDBACK` within 7 days (Messenger). A retired tag, a tag the platform does not accept,
 * or a tag without `MESSAGE_TAG` is `TAG_NOT_ALLOWED` whatever the window; an unknown
 * `messaging_type` is `CONFIG_INVALID`.
 *
 * @example
 * ```ts
 * const now = Date.now();
 * decideOutgoing(
 *   { channelId: 'facebook', conversationId: 'u-p', now, lastUserAt: now - 30 * 3600_000, human: true, reply: false },
 *   { humanAgentTag: true, unknownWindow: 'send' },
 * ); // { send: true, messagingType: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' }
 * ```
 */
export function decideOutgoing(
  facts: OutgoingMessageFacts,
  settings: WindowPolicySettings,
): OutgoingDecision {
  const explicitType = facts.messagingType;
  if (
    explicitType !== undefined &&
    (typeof explicitType !== 'string' || !MESSAGING_TYPES.includes(explicitType))
  ) {
    return refuse(
      new MessengerError(
        'CONFIG_INVALID',
        `channelData.messaging_type must be 'RESPONSE', 'UPDATE', 'MESSAGE_TAG' or 'UTILITY' (or left out, and this middleware ` +
          `picks it); got ${JSON.stringify(explicitType)}. Nothing was sent.`,
        { details: { conversationId: facts.conversationId } },
      ),
    );
  }
  if (explicitType === UTILITY_MESSAGING_TYPE || facts.template === true) return decideUtility(facts);
  if (facts.tag !== undefined)
    return decideTagged(facts, explicitType as MessagingType | undefined, settings);
  if (explicitType === 'MESSAGE_TAG') {
    return refuse(
      new MessengerError(
        'TAG_NOT_ALLOWED',
        "channelData.messaging_type 'MESSAGE_TAG' needs channelData.tag. For a human agent's reply from 24 hours to " +
          '7 days, leave both out and set channelData.humanAgent = true: the HUMAN_AGENT tag is added for you. Nothing was sent.',
        { details: { conversationId: facts.conversationId } },
      ),
    );
  }
  const untagged: MessagingType =
    (explicitType as MessagingType | undefined) ?? (facts.reply ? 'RESPONSE' : 'UPDATE');
  const phase = windowPhase(facts.channelId, facts.lastUserAt, facts.now, facts.adWindowEndsAt);
  switch (phase) {
    case 'open':
      return { send: true, messagingType: untagged, tag: undefined };
    case 'unknown':
      if (settings.unknownWindow === 'reject') return refuse(closed(facts, phase, settings));
      return facts.human && settings.humanAgentTag
        ? { send: true, messagingType: 'MESSAGE_TAG', tag: HUMAN_AGENT_TAG }
        : { send: true, messagingType: untagged, tag: undefined };
    case 'human-agent':
      return facts.human && settings.humanAgentTag
        ? { send: true, messagingType: 'MESSAGE_TAG', tag: HUMAN_AGENT_TAG }
        : refuse(closed(facts, phase, settings));
    case 'closed':
      return refuse(closed(facts, phase, settings));
  }
}

/**
 * A utility template message: Messenger lets it out whatever the window (Meta positions utility
 * templates as the successor of the retired tags for sends after 24 hours). Free text marked UTILITY,
 * a template on Instagram, or a template with a tag is refused (see `utilityRefusal`).
 */
function decideUtility(facts: OutgoingMessageFacts): OutgoingDecision {
  const refusal = utilityRefusal({
    channelId: facts.channelId,
    messagingType: facts.messagingType,
    hasTemplate: facts.template === true,
    hasOtherContent: facts.tag !== undefined,
  });
  if (refusal) return refuse(withConversation(refusal, facts.conversationId));
  return { send: true, messagingType: UTILITY_MESSAGING_TYPE, tag: undefined };
}

/** The bot set `channelData.tag` itself. */
function decideTagged(
  facts: OutgoingMessageFacts,
  explicitType: MessagingType | undefined,
  settings: WindowPolicySettings,
): OutgoingDecision {
  const tag = checkTag(facts.channelId, facts.tag);
  if (tag instanceof MessengerError) return refuse(withConversation(tag, facts.conversationId));
  if (explicitType !== undefined && explicitType !== 'MESSAGE_TAG') {
    return refuse(
      new MessengerError(
        'TAG_NOT_ALLOWED',
        `channelData.tag ${tag} goes with channelData.messaging_type 'MESSAGE_TAG' (or none); got '${explicitType}'. Nothing was sent.`,
        { details: { conversationId: facts.conversationId, tag } },
      ),
    );
  }
  if (tag === HUMAN_AGENT_TAG) {
    if (!settings.humanAgentTag) {
      return refuse(
        new MessengerError(
          'TAG_NOT_ALLOWED',
          'This MessagingWindowMiddleware runs with humanAgentTag: false (the app has no Human Agent permission), so ' +
            'messages tagged HUMAN_AGENT are refused. Remove channelData.tag, or enable humanAgentTag once Meta grants the permission. Nothing was sent.',
          { details: { conversationId: facts.conversationId, tag } },
        ),
      );
    }
    if (!facts.human) {
      return refuse(
        new MessengerError(
          'TAG_NOT_ALLOWED',
          'HUMAN_AGENT is only for messages a person wrote (Meta forbids it on automated messages), and this activity ' +
            'is not marked as such. Send the messages your agents write as asHumanAgent(...) (channelData.humanAgent = ' +
            'true); the tag is then added for you. Nothing was sent.',
          { details: { conversationId: facts.conversationId, tag } },
        ),
      );
    }
  }
  if (tagWindow(tag) === 'none') return { send: true, messagingType: 'MESSAGE_TAG', tag };
  const phase = windowPhase(facts.channelId, facts.lastUserAt, facts.now, facts.adWindowEndsAt);
  if (
    phase === 'open' ||
    phase === 'human-agent' ||
    (phase === 'unknown' && settings.unknownWindow === 'send')
  ) {
    return { send: true, messagingType: 'MESSAGE_TAG', tag };
  }
  return refuse(closed(facts, phase, settings));
}

/**
 * Whether a typing indicator (`sender_action`) may go out: only while the 24-hour window is open
 * (or unknown and the policy lets Meta decide). It carries no content, so past 24 hours it is simply
 * not sent.
 */
export function typingAllowed(
  channelId: MessengerChannelId,
  lastUserAt: number | undefined,
  now: number,
  settings: Pick<WindowPolicySettings, 'unknownWindow'>,
  adWindowEndsAt?: number,
): boolean {
  const phase = windowPhase(channelId, lastUserAt, now, adWindowEndsAt);
  return phase === 'open' || (phase === 'unknown' && settings.unknownWindow === 'send');
}

function refuse(error: MessengerError): OutgoingDecision {
  return { send: false, error };
}

function withConversation(error: MessengerError, conversationId: string): MessengerError {
  return new MessengerError(error.code, error.message, { details: copyWith(error.details ?? {}, { conversationId }) });
}

function closed(
  facts: OutgoingMessageFacts,
  phase: WindowPhase,
  settings: WindowPolicySettings,
): MessengerError {
  const closedFacts: WindowClosedFacts = {
    channelId: facts.channelId,
    lastUserAt: facts.lastUserAt,
    now: facts.now,
    phase,
    humanAgentTag: settings.humanAgentTag,
  };
  return new MessengerError('MESSAGING_WINDOW_CLOSED', `Not sent: ${windowClosedMessage(closedFacts)}`, {
    details: {
      conversationId: facts.conversationId,
      channelId: facts.channelId,
      platform: platformName(facts.channelId),
      phase,
      lastUserAt: facts.lastUserAt,
      elapsedMs: facts.lastUserAt === undefined ? undefined : Math.max(0, facts.now - facts.lastUserAt),
      humanAgent: facts.human,
    },
  });
}

/**
 * The state the web page shows, as one JSON document.
 *
 * @module
 */
import { postbacksOffered, quickRepliesOffered } from '../actions/offers';
import type { Engine } from '../engine';
import { adStartOf } from '../actions/social';
import { windowState } from '../graph/windowRules';
import type { LogEntry } from '../log';
import type { SendRecord } from '../world/sendRecord';
import type { Conversation, JsonObject, TranscriptEntry } from '../world/types';

/** Log entries the page receives (the newest). */
const LOG_ENTRIES = 300;
/** Meta shows a typing indicator for at most 20 seconds. */
const TYPING_MS = 20_000;

/** One conversation as the page shows it. */
export interface ConversationView {
  id: string;
  platform: string;
  accountId: string;
  accountName: string;
  user: { id: string; name: string; username?: string };
  /** `bot`, `inbox`, or null when idle. */
  owner: 'bot' | 'inbox' | null;
  ownerExpiresAt: number | null;
  window: { state: string; closesAt?: number };
  lastUserMessageAt: number | null;
  typing: boolean;
  seenByPageAt: number | null;
  quickReplies: { contentType: string; title: string; payload: string }[];
  postbacks: { title: string; payload: string; source: string }[];
  transcript: TranscriptEntry[];
  /** The bot's send attempts (sent and refused, with the rule, window state and tag), oldest first. */
  sends: readonly SendRecord[];
}

/** Everything the page renders. */
export interface SandboxSnapshot {
  now: number;
  offsetMs: number;
  appId: string;
  webhookUrl: string | null;
  conversations: ConversationView[];
  log: readonly LogEntry[];
}

/** Builds the page's state. */
export function snapshot(engine: Engine): SandboxSnapshot {
  const now = engine.clock.now();
  return {
    now,
    offsetMs: engine.clock.offsetMs,
    appId: engine.appId,
    webhookUrl: engine.driver.url ?? null,
    conversations: [...engine.world.conversations.values()].map((conversation) =>
      view(engine, conversation, now),
    ),
    log: engine.log.entries().slice(-LOG_ENTRIES),
  };
}

function view(engine: Engine, conversation: Conversation, now: number): ConversationView {
  const { user, account } = conversation;
  const owner = engine.ownerOf(conversation);
  return {
    id: conversation.id,
    platform: account.platform,
    accountId: account.id,
    accountName: account.platform === 'instagram' ? `@${account.username ?? account.name}` : account.name,
    user: {
      id: user.id,
      name: `${user.firstName} ${user.lastName}`,
      ...(user.username === undefined ? {} : { username: user.username }),
    },
    owner: owner === undefined ? null : owner === engine.appId ? 'bot' : 'inbox',
    ownerExpiresAt: owner === undefined ? null : (conversation.owner?.expiresAt ?? null),
    window: windowState(now, conversation.lastUserMessageAt, adStartOf(conversation)),
    lastUserMessageAt: conversation.lastUserMessageAt ?? null,
    typing: conversation.typingSince !== undefined && now - conversation.typingSince < TYPING_MS,
    seenByPageAt: conversation.seenByPageAt ?? null,
    quickReplies: quickRepliesOffered(conversation),
    postbacks: postbacksOffered(conversation, engine.world.messengerProfiles.get(account.id)).filter(
      (offer) => offer.source !== 'button',
    ),
    transcript: conversation.transcript.map((entry) => withMediaUrls(engine, entry)),
    sends: conversation.sends,
  };
}

/** Adds a displayable `url` to attachments sent by `attachment_id`. */
function withMediaUrls(engine: Engine, entry: TranscriptEntry): TranscriptEntry {
  const attachment = entry.message?.attachment as { payload?: JsonObject } | undefined;
  const attachmentId = attachment?.payload?.attachment_id;
  if (attachment === undefined || attachmentId === undefined || entry.message === undefined) return entry;
  const payload = { ...attachment.payload, url: engine.mediaUrlOf(String(attachmentId)) };
  return { ...entry, message: { ...entry.message, attachment: { ...attachment, payload } } };
}

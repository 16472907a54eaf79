/**
 * The sandbox's model of Meta's side: accounts, users, conversations and what was said in them.
 *
 * @module
 */

import type { SendRecord } from './sendRecord';

/** Which product a conversation runs on. */
export type Platform = 'messenger' | 'instagram';

/** A JSON object as received or sent (a Send API `message`, a webhook event). */
export type JsonObject = Record<string, unknown>;

/** A Facebook Page or an Instagram professional account the sandbox hosts. */
export interface Account {
  /** Page id or Instagram account id. */
  readonly id: string;
  readonly platform: Platform;
  readonly name: string;
  /** Instagram handle (Instagram accounts only). */
  readonly username?: string;
  /** Tokens that act as this account (a linked Page's token also acts for its Instagram account). */
  readonly tokens: readonly string[];
  /** The Page itself, or the Page the Instagram account is linked to (its own id with Instagram Login). */
  readonly pageId: string;
  /** How the bot reaches it: Facebook Login (Page token, graph.facebook.com; default) or Instagram Login. */
  readonly login?: 'facebook' | 'instagram';
  /** Meta's inbox app for this account: Page Inbox or Instagram Inbox. */
  readonly inboxAppId: string;
}

/** A person who writes to an account. */
export interface SandboxUserProfile {
  /** PSID (Messenger) or IGSID (Instagram). */
  readonly id: string;
  readonly accountId: string;
  readonly platform: Platform;
  readonly firstName: string;
  readonly lastName: string;
  /** Instagram handle (Instagram users only). */
  readonly username?: string;
}

/** Who wrote a transcript entry. */
export type Author = 'user' | 'bot' | 'agent';

/** One message of a conversation as the sandbox keeps it. */
export interface TranscriptEntry {
  /** Order of the entry among everything the sandbox recorded. */
  readonly seq: number;
  readonly mid: string;
  /** Sandbox time it was sent. */
  readonly at: number;
  readonly author: Author;
  /** The sending app (bot or inbox) of a Page message. */
  readonly appId?: string;
  /** The Send API `message` (bot), the agent's message, or the webhook `message` (user). */
  readonly message?: JsonObject;
  /** A postback the user sent (button, menu, Get Started). */
  readonly postback?: { readonly title: string; readonly payload: string };
  /** Send API facts of a bot message. */
  readonly messagingType?: string;
  readonly tag?: string;
  readonly personaId?: string;
  /** `reply_to.mid` of a quoted reply. */
  readonly replyTo?: string;
  /** Reactions on this entry, by side. */
  reactions: { user?: string; page?: string };
  /** Sandbox time the user's device got / read it (Page messages). */
  deliveredAt?: number;
  readAt?: number;
  /** Why no webhook was sent for this user message, when none was (e.g. an Instagram sticker). */
  readonly noWebhook?: string;
}

/** The app that controls a conversation, and until when. */
export interface ThreadOwner {
  readonly appId: string;
  /** Sandbox time control lapses unless renewed (24 h of inactivity, or `extend_thread_control`). */
  expiresAt: number;
}

/** A one-to-one thread between a user and an account. */
export interface Conversation {
  /** `${userId}-${accountId}`, the package's conversation id. */
  readonly id: string;
  readonly user: SandboxUserProfile;
  readonly account: Account;
  /** Sandbox time of the user's last window-opening action (message, postback, reaction). */
  lastUserMessageAt?: number;
  /** Undefined while the thread is idle. */
  owner?: ThreadOwner;
  readonly transcript: TranscriptEntry[];
  /** Every message the bot tried to send here, sent or refused, oldest first. */
  readonly sends: SendRecord[];
  /** Sandbox time of the bot's last `typing_on`, cleared by `typing_off` or a message. */
  typingSince?: number;
  /** Sandbox time of the bot's last `mark_seen`. */
  seenByPageAt?: number;
}

/** A message the bot sent through the Send API (what tests read back). */
export interface SentMessage {
  /** Order among everything the sandbox recorded (compare with a user event's `seq`). */
  readonly seq: number;
  readonly accountId: string;
  readonly platform: Platform;
  /** The PSID / IGSID it went to. */
  readonly userId: string;
  /** The `message_id` the Send API answered. */
  readonly messageId: string;
  /** Sandbox time it was accepted. */
  readonly at: number;
  /** Shortcut for `body.message.text`. */
  readonly text?: string;
  /** The whole Send API request body, as the bot sent it (access token removed). */
  readonly body: JsonObject;
}

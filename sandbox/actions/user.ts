/**
 * The user's phone: everything a person can do in Messenger or Instagram, turned into the webhook
 * events Meta would post.
 *
 * @module
 */
import { describe, type Engine } from '../engine';
import { SandboxError } from '../errors';
import { quoted } from '../log';
import * as ids from '../ids';
import type { DeliveryList, WebhookDelivery } from '../webhook/driver';
import { fromUser, readEvent } from '../webhook/events';
import { recordUserActivity } from '../world/threadControl';
import type { Conversation, JsonObject, Platform, SentMessage, TranscriptEntry } from '../world/types';
import { postbacksOffered, quickRepliesOffered } from './offers';
import { type AdOptions, adReferral, addComment, markAdStart } from './social';
import { waitForSent } from './waitFor';

/** The sticker Messenger sends for the like button. */
const THUMBS_UP_STICKER_ID = 369239263222822;
/** After this date Messenger sends only the `sticker` attachment, not the legacy `image` one too. */
const LEGACY_STICKER_IMAGE_UNTIL = Date.UTC(2026, 7, 31);

/** Reactions each platform offers, with the emoji Meta sends. */
const REACTIONS: Record<Platform, Record<string, string>> = {
  messenger: {
    like: '\u{1F44D}',
    love: '\u2764\uFE0F',
    smile: '\u{1F606}',
    wow: '\u{1F62E}',
    sad: '\u{1F622}',
    angry: '\u{1F620}',
    dislike: '\u{1F44E}',
  },
  instagram: {
    like: '\u{1F44D}',
    love: '\u2764\uFE0F',
    laugh: '\u{1F602}',
    wow: '\u{1F62E}',
    sad: '\u{1F622}',
    angry: '\u{1F620}',
  },
};

/** What one user action produced. */
export interface UserEvent {
  /** Order among everything the sandbox recorded: bot messages with a larger `seq` came after it. */
  readonly seq: number;
  /** The `mid` of the user's message or postback, if it has one. */
  readonly mid?: string;
  /** Sandbox time of the event. */
  readonly timestamp: number;
  /** The webhook event posted to the bot (before standby stripping), or undefined if none was sent. */
  readonly event?: JsonObject;
  /** How the bot answered the webhook POST; undefined when Meta sends no webhook for this action. */
  readonly delivery?: WebhookDelivery;
}

/** Options of {@link SandboxUser.nextReply}. */
export interface NextReplyOptions {
  /** Real milliseconds to wait (default 5000). */
  timeoutMs?: number;
}

/**
 * A person writing to a Page or Instagram account. Every action posts the webhook Meta would post and
 * resolves once the bot answered it with 200 (it rejects with `WEBHOOK_NOT_ACKNOWLEDGED` otherwise).
 * The bot's replies arrive asynchronously: read them with {@link nextReply}.
 *
 * @example
 * ```ts
 * const jordan = sandbox.user();
 * await jordan.say('Where is my order?');
 * const reply = await jordan.nextReply();
 * await jordan.tapQuickReply('TRACK_ORDER');
 * ```
 */
export class SandboxUser {
  /** Replies before this sequence number were already returned by {@link nextReply} or came before the last action. */
  private cursor: number;

  constructor(
    private readonly engine: Engine,
    private readonly conversation: Conversation,
  ) {
    this.cursor = engine.world.currentSeq;
  }

  /** PSID or IGSID. */
  get id(): string {
    return this.conversation.user.id;
  }

  /** The Page or Instagram account this user writes to. */
  get accountId(): string {
    return this.conversation.account.id;
  }

  get platform(): Platform {
    return this.conversation.account.platform;
  }

  /** `${userId}-${accountId}`, the package's conversation id. */
  get conversationId(): string {
    return this.conversation.id;
  }

  /** Sends a text message, optionally as a quoted reply to `replyTo` (a `mid`). */
  say(text: string, options: { replyTo?: string } = {}): Promise<UserEvent> {
    if (typeof text !== 'string' || text === '') {
      throw new SandboxError('INVALID_ARGUMENT', 'say(text) needs a non-empty string.');
    }
    const message: JsonObject = { text };
    if (options.replyTo !== undefined) {
      this.entryOf(options.replyTo);
      message.reply_to = { mid: options.replyTo };
    }
    return this.sendMessage(message, `message ${describe(message)}`);
  }

  /**
   * Taps a quick reply of the Page's last message, by payload (or, for the phone-number and e-mail
   * quick replies, by `content_type`). Throws `NOT_OFFERED` when the last message has no such quick reply.
   */
  async tapQuickReply(payload: string): Promise<UserEvent> {
    const offered = quickRepliesOffered(this.conversation);
    const qr = offered.find((item) => item.payload === payload || item.contentType === payload);
    if (qr === undefined) {
      throw new SandboxError(
        'NOT_OFFERED',
        `The Page's last message offers no quick reply ${JSON.stringify(payload)}; offered: ${
          offered.map((item) => JSON.stringify(item.payload)).join(', ') || 'none'
        }.`,
      );
    }
    const value =
      qr.contentType === 'user_email'
        ? `${this.conversation.user.firstName}.${this.conversation.user.lastName}@example.com`.toLowerCase()
        : qr.contentType === 'user_phone_number'
          ? '+15555550123'
          : undefined;
    const message: JsonObject = { text: value ?? qr.title, quick_reply: { payload: value ?? qr.payload } };
    return this.sendMessage(message, `quick reply ${quoted(value ?? qr.payload)}`);
  }

  /**
   * Taps a postback button of a template, a persistent menu item, Get Started or an ice breaker, by
   * payload. Throws `NOT_OFFERED` when nothing in the conversation or the Messenger profile offers it.
   */
  async postback(payload: string): Promise<UserEvent> {
    const offered = postbacksOffered(
      this.conversation,
      this.engine.world.messengerProfiles.get(this.accountId),
    );
    const offer = offered.find((item) => item.payload === payload);
    if (offer === undefined) {
      throw new SandboxError(
        'NOT_OFFERED',
        `Nothing offers the postback ${JSON.stringify(payload)} (no template button, menu item, Get Started or ice breaker); offered: ${
          offered.map((item) => JSON.stringify(item.payload)).join(', ') || 'none'
        }.`,
      );
    }
    const now = this.engine.clock.now();
    const mid = ids.messageId(this.platform, this.accountId);
    const postback = { title: offer.title, payload: offer.payload, mid };
    this.engine.record(this.conversation, {
      mid,
      at: now,
      author: 'user',
      postback: { title: offer.title, payload },
    });
    this.touch(now);
    return this.post(
      now,
      { ...fromUser(this.conversation, now), postback },
      `postback ${quoted(payload)}`,
      mid,
    );
  }

  /** Taps Get Started (the postback set in the Messenger profile's `get_started`). */
  getStarted(): Promise<UserEvent> {
    const profile = this.engine.world.messengerProfiles.get(this.accountId);
    const payload = (profile?.get_started as { payload?: unknown } | undefined)?.payload;
    if (payload === undefined) {
      throw new SandboxError('NOT_OFFERED', 'The bot has not set get_started in its Messenger profile.');
    }
    return this.postback(String(payload));
  }

  /** Sends a photo (default: the sandbox's sample JPEG). */
  sendImage(url?: string): Promise<UserEvent> {
    return this.sendAttachment('image', url ?? this.mediaUrl('sample-photo.jpg', true));
  }

  /** Sends an attachment of any type Meta delivers (`image`, `video`, `audio`, `file`, ...) by URL. */
  sendAttachment(type: string, url: string): Promise<UserEvent> {
    const message: JsonObject = { attachments: [{ type, payload: { url } }] };
    return this.sendMessage(message, `message [${type}]`);
  }

  /**
   * Sends the thumbs-up sticker. Messenger sends `sticker_id` with an `image` and a `sticker`
   * attachment until 2026-08-30 (sandbox time), then only the `sticker` one; Instagram sends no webhook.
   */
  sendSticker(): Promise<UserEvent> {
    const url = this.mediaUrl('sticker-like.png', false);
    const sticker = { type: 'sticker', payload: { url, sticker_id: THUMBS_UP_STICKER_ID } };
    const legacy = { type: 'image', payload: { url, sticker_id: THUMBS_UP_STICKER_ID } };
    const both = this.engine.clock.now() < LEGACY_STICKER_IMAGE_UNTIL;
    const message: JsonObject = {
      sticker_id: THUMBS_UP_STICKER_ID,
      attachments: both ? [legacy, sticker] : [sticker],
    };
    if (this.platform === 'instagram')
      return this.recordWithoutWebhook(message, 'Instagram sends no webhook for stickers');
    return this.sendMessage(message, 'message [sticker]');
  }

  /** Mentions the account in an Instagram story (`story_mention` attachment). */
  mentionInStory(): Promise<UserEvent> {
    if (this.platform !== 'instagram')
      throw new SandboxError('INVALID_ARGUMENT', 'Story mentions exist only on Instagram.');
    const url = `${this.engine.publicUrl}/sandbox/media/sample-photo.jpg?asset_id=${ids.numericId(17)}&signature=${ids.fbtraceId()}`;
    return this.sendMessage(
      { attachments: [{ type: 'story_mention', payload: { url } }] },
      'message [story_mention]',
    );
  }

  /** Reacts to a Page message (`love` by default). */
  react(mid: string, reaction = 'love'): Promise<UserEvent> {
    const emoji = REACTIONS[this.platform][reaction];
    if (emoji === undefined) {
      throw new SandboxError(
        'INVALID_ARGUMENT',
        `${this.platform} has no reaction ${JSON.stringify(reaction)}; use one of ${Object.keys(REACTIONS[this.platform]).join(', ')}.`,
      );
    }
    const entry = this.entryOf(mid);
    entry.reactions.user = reaction;
    const now = this.engine.clock.now();
    this.touch(now);
    return this.post(
      now,
      { ...fromUser(this.conversation, now), reaction: { mid, action: 'react', reaction, emoji } },
      `reaction ${reaction}`,
    );
  }

  /** Removes the user's reaction from a Page message. */
  unreact(mid: string): Promise<UserEvent> {
    const entry = this.entryOf(mid);
    entry.reactions.user = undefined;
    const now = this.engine.clock.now();
    return this.post(
      now,
      { ...fromUser(this.conversation, now), reaction: { mid, action: 'unreact' } },
      'unreact',
    );
  }

  /** Reads the Page's messages (Messenger `read` watermark, Instagram `read.mid`); undefined when all were read. */
  async read(): Promise<UserEvent | undefined> {
    const unread = this.conversation.transcript.filter(
      (entry) => entry.author !== 'user' && entry.readAt === undefined,
    );
    const last = unread.at(-1);
    if (last === undefined) return undefined;
    const now = this.engine.clock.now();
    for (const entry of unread) entry.readAt = now;
    this.engine.changed();
    return this.post(now, readEvent(this.conversation, now, last), 'read', undefined, false);
  }

  /**
   * Sends a first message after clicking a Click-to-Messenger / Click-to-Direct ad: the message carries
   * `referral { source: 'ADS', ad_id, ads_context_data }`, and Meta's standard window may last 7 days.
   */
  arriveFromAd(text = 'Is this still available?', ad: AdOptions = {}): Promise<UserEvent> {
    markAdStart(this.conversation, this.engine.clock.now());
    const message: JsonObject = { text, referral: adReferral(this.conversation, ad) };
    return this.sendMessage(message, `message from an ad ${describe({ text })}`);
  }

  /**
   * Comments on the account's post: a `changes[]` webhook (Page `feed`, Instagram `comments`). It opens
   * no messaging window; the Page may answer once privately (`recipient.comment_id`) within 7 days.
   */
  async comment(text: string): Promise<UserEvent & { commentId: string }> {
    const now = this.engine.clock.now();
    const { comment, change } = addComment(this.engine.world, this.conversation, text, now);
    const event = await this.post(now, change, `comment ${describe({ text })}`, undefined, true, 'changes');
    return { ...event, commentId: comment.id };
  }

  /** Every message the bot sent to this user, oldest first. */
  replies(): SentMessage[] {
    return this.engine.world.sent.filter((sent) => sent.userId === this.id);
  }

  /** This conversation's transcript (user, bot and agent messages), oldest first. */
  transcript(): readonly TranscriptEntry[] {
    return this.conversation.transcript;
  }

  /**
   * The next message the bot sends to this user after the last one returned here (or after the
   * user's last action): resolves at once if it already arrived. Rejects with `TIMEOUT`.
   */
  async nextReply(options: NextReplyOptions = {}): Promise<SentMessage> {
    const after = this.cursor;
    const reply = await waitForSent(this.engine, (sent) => sent.userId === this.id && sent.seq > after, {
      timeoutMs: options.timeoutMs ?? 5000,
      what: `a reply to user ${this.id}`,
    });
    this.cursor = Math.max(this.cursor, reply.seq);
    return reply;
  }

  private sendMessage(content: JsonObject, summary: string): Promise<UserEvent> {
    const now = this.engine.clock.now();
    const mid = ids.messageId(this.platform, this.accountId);
    const message = { mid, ...content };
    this.engine.record(this.conversation, { mid, at: now, author: 'user', message });
    this.touch(now);
    return this.post(now, { ...fromUser(this.conversation, now), message }, summary, mid);
  }

  private async recordWithoutWebhook(content: JsonObject, reason: string): Promise<UserEvent> {
    const now = this.engine.clock.now();
    const mid = ids.messageId(this.platform, this.accountId);
    const entry = this.engine.record(this.conversation, {
      mid,
      at: now,
      author: 'user',
      message: { mid, ...content },
      noWebhook: reason,
    });
    this.cursor = entry.seq;
    this.engine.log.add({ kind: 'sandbox', summary: reason, conversationId: this.conversationId });
    return { seq: entry.seq, mid, timestamp: now };
  }

  /** A window-opening action: the user's last interaction is now, and an idle thread becomes the bot's. */
  private touch(now: number): void {
    this.conversation.lastUserMessageAt = now;
    recordUserActivity(this.conversation, now, this.engine.appId);
  }

  private async post(
    now: number,
    event: JsonObject,
    summary: string,
    mid?: string,
    moveCursor = true,
    list?: DeliveryList,
  ): Promise<UserEvent> {
    const seq = this.engine.world.nextSeq();
    if (moveCursor) this.cursor = seq;
    this.engine.changed();
    const delivery = await this.engine.deliver(this.conversation, event, summary, list);
    if (!delivery.ok) {
      if (delivery.attempts === 0) {
        throw new SandboxError(
          'NO_WEBHOOK',
          'No bot is subscribed yet: call sandbox.subscribe(webhookUrl) (or pass botWebhookUrl).',
        );
      }
      throw new SandboxError(
        'WEBHOOK_NOT_ACKNOWLEDGED',
        `The bot did not acknowledge the webhook (${delivery.error ?? 'no answer'} after ${delivery.attempts} attempts): Meta would retry, then disable the subscription.`,
        { status: delivery.status, attempts: delivery.attempts },
      );
    }
    return { seq, timestamp: now, event, delivery, ...(mid === undefined ? {} : { mid }) };
  }

  private entryOf(mid: string): TranscriptEntry {
    const entry = this.conversation.transcript.find((item) => item.mid === mid);
    if (entry === undefined) {
      throw new SandboxError('INVALID_ARGUMENT', `No message ${mid} in the conversation of user ${this.id}.`);
    }
    return entry;
  }

  private mediaUrl(file: string, withCdnQuery: boolean): string {
    const query = withCdnQuery
      ? `?_nc_cat=1&_nc_sid=${ids.numericId(6)}&oh=${ids.fbtraceId()}&oe=${Date.now().toString(16)}`
      : '';
    return `${this.engine.publicUrl}/sandbox/media/${file}${query}`;
  }
}

/**
 * The Page Inbox (Meta Business Suite): the human agent's side of a conversation. Taking over,
 * replying and handing back produce the handover webhooks and echoes Meta sends.
 *
 * @module
 */
import type { Engine } from '../engine';
import { SandboxError } from '../errors';
import { STANDARD_WINDOW_MS, TAGGED_WINDOW_MS } from '../graph/windowRules';
import * as ids from '../ids';
import type { WebhookDelivery } from '../webhook/driver';
import type { Conversation, TranscriptEntry } from '../world/types';

/**
 * The human agent, acting from Meta's inbox (Page Inbox on Messenger, Instagram Inbox on Instagram).
 *
 * @example
 * ```ts
 * await sandbox.inbox.takeOver(user.id);      // the bot gets take_thread_control
 * await sandbox.inbox.reply(user.id, 'Hi, this is Ana from support');
 * await sandbox.inbox.handBack(user.id);      // the bot gets pass_thread_control
 * ```
 */
export class PageInbox {
  constructor(
    private readonly engine: Engine,
    private readonly conversationOf: (userId: string) => Conversation,
  ) {}

  /** The inbox takes control of the thread (the bot gets `take_thread_control`). No-op if it already has it. */
  async takeOver(userId: string, metadata = ''): Promise<void> {
    const conversation = this.conversationOf(userId);
    if (this.engine.ownerOf(conversation) === conversation.account.inboxAppId) return;
    acknowledged(
      await this.engine.handover(conversation, 'take_thread_control', {
        newOwner: conversation.account.inboxAppId,
        metadata,
      }),
    );
  }

  /**
   * A human agent replies. Like Meta's inbox, replying in a thread the inbox does not control takes
   * control first. Allowed within 7 days of the user's last message (past 24 hours it goes out as
   * HUMAN_AGENT); resolves once the echo was delivered.
   */
  async reply(userId: string, text: string): Promise<TranscriptEntry> {
    if (typeof text !== 'string' || text === '')
      throw new SandboxError('INVALID_ARGUMENT', 'reply(userId, text) needs a non-empty text.');
    const conversation = this.conversationOf(userId);
    const now = this.engine.clock.now();
    const last = conversation.lastUserMessageAt;
    if (last === undefined || now - last > TAGGED_WINDOW_MS) {
      throw new SandboxError(
        'WINDOW_CLOSED',
        'The inbox cannot reply: the user has not written in the last 7 days (the HUMAN_AGENT window is closed).',
      );
    }
    await this.takeOver(userId);
    const tagged = now - last > STANDARD_WINDOW_MS;
    const entry = this.engine.record(conversation, {
      mid: ids.messageId(conversation.account.platform, conversation.account.id),
      at: now,
      author: 'agent',
      appId: conversation.account.inboxAppId,
      message: { text },
      messagingType: tagged ? 'MESSAGE_TAG' : 'RESPONSE',
      ...(tagged ? { tag: 'HUMAN_AGENT' } : {}),
    });
    await this.engine.followPageMessage(conversation, entry);
    return entry;
  }

  /** The inbox passes control back to the bot (the bot gets `pass_thread_control` under messaging). */
  async handBack(userId: string, metadata = ''): Promise<void> {
    const conversation = this.conversationOf(userId);
    if (this.engine.ownerOf(conversation) !== conversation.account.inboxAppId) {
      throw new SandboxError(
        'NOT_THREAD_OWNER',
        `The inbox does not control the conversation with ${userId}: nothing to hand back.`,
      );
    }
    acknowledged(
      await this.engine.handover(conversation, 'pass_thread_control', {
        newOwner: this.engine.appId,
        metadata,
      }),
    );
  }
}

function acknowledged(delivery: WebhookDelivery): void {
  if (delivery.ok || delivery.attempts === 0) return;
  throw new SandboxError(
    'WEBHOOK_NOT_ACKNOWLEDGED',
    `The bot did not acknowledge the handover webhook (${delivery.error ?? 'no answer'}).`,
  );
}

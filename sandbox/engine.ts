/**
 * The core of Meta's side: routes events to the bot (messaging or standby), records transcripts,
 * follows every Page message with its echo and delivery, and changes thread ownership with the
 * handover webhooks Meta sends. The Graph handlers, the user's phone and the Page Inbox all act
 * through it.
 *
 * @module
 */
import type { SandboxClock } from './clock';
import { quoted, type SandboxLog } from './log';
import type { DeliveryList, WebhookDelivery, WebhookDriver } from './webhook/driver';
import { deliveryEvent, echoEvent, type HandoverKind, handoverEvent } from './webhook/events';
import { giveControl, ownerOf, releaseControl } from './world/threadControl';
import { windowState } from './graph/windowRules';
import type { SendRecord } from './world/sendRecord';
import type { Conversation, JsonObject, SentMessage, TranscriptEntry } from './world/types';
import type { World } from './world/world';

/** What the engine is built from. */
export interface EngineParts {
  /** The bot's Meta app id. */
  appId: string;
  clock: SandboxClock;
  log: SandboxLog;
  driver: WebhookDriver;
  world: World;
}

/** Meta's side of every conversation. */
export class Engine {
  readonly appId: string;
  readonly clock: SandboxClock;
  readonly log: SandboxLog;
  readonly driver: WebhookDriver;
  readonly world: World;
  /** The sandbox's base URL (set once it listens), for media URLs in events. */
  publicUrl = '';
  private readonly changeListeners = new Set<() => void>();
  private readonly sentListeners = new Set<(sent: SentMessage) => void>();
  private readonly background = new Set<Promise<unknown>>();

  constructor(parts: EngineParts) {
    this.appId = parts.appId;
    this.clock = parts.clock;
    this.log = parts.log;
    this.driver = parts.driver;
    this.world = parts.world;
    this.clock.onAdvance(() => this.changed());
  }

  /** Tells listeners (the web page) that state changed. */
  changed(): void {
    for (const listener of this.changeListeners) listener();
  }

  /** Calls `listener` after every state change; returns a function that removes it. */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Calls `listener` for every message the bot sends; returns a function that removes it. */
  onSent(listener: (sent: SentMessage) => void): () => void {
    this.sentListeners.add(listener);
    return () => this.sentListeners.delete(listener);
  }

  /** The app that owns the thread now, or undefined when it is idle. */
  ownerOf(conversation: Conversation): string | undefined {
    return ownerOf(conversation, this.clock.now());
  }

  /** Where the bot gets an event of this conversation: `messaging` when it owns the thread or the thread is idle (the bot is the default app), else `standby`. */
  listFor(conversation: Conversation): DeliveryList {
    const owner = this.ownerOf(conversation);
    return owner === undefined || owner === this.appId ? 'messaging' : 'standby';
  }

  /**
   * Posts an event of `conversation` to the bot, under `list` (default: by thread ownership).
   * A postback on standby loses its `payload`, as on Meta.
   */
  deliver(
    conversation: Conversation,
    event: JsonObject,
    summary: string,
    list = this.listFor(conversation),
  ): Promise<WebhookDelivery> {
    let posted = event;
    if (list === 'standby' && typeof event.postback === 'object' && event.postback !== null) {
      const { payload: _payload, ...postback } = event.postback as JsonObject;
      posted = { ...event, postback };
    }
    return this.driver.post({
      object: conversation.account.platform === 'instagram' ? 'instagram' : 'page',
      accountId: conversation.account.id,
      list,
      event: posted,
      time: typeof event.timestamp === 'number' ? event.timestamp : this.clock.now(),
      conversationId: conversation.id,
      summary,
      ...(conversation.account.login === 'instagram' ? { instagramLogin: true } : {}),
    });
  }

  /** Adds an entry to a conversation's transcript. */
  record(conversation: Conversation, entry: Omit<TranscriptEntry, 'seq' | 'reactions'>): TranscriptEntry {
    const full: TranscriptEntry = { ...entry, seq: this.world.nextSeq(), reactions: {} };
    conversation.transcript.push(full);
    if (full.author === 'bot') conversation.typingSince = undefined;
    this.changed();
    return full;
  }

  /**
   * Records a send attempt of the bot (sent or refused, with the rule and the window state); the
   * page shows refusals in the transcript with their reason. Keeps the newest 200 per conversation.
   */
  recordSend(conversation: Conversation, record: Omit<SendRecord, 'seq' | 'at' | 'windowState'>): SendRecord {
    const at = this.clock.now();
    const full: SendRecord = {
      ...record,
      seq: this.world.nextSeq(),
      at,
      windowState: windowState(at, conversation.lastUserMessageAt).state,
    };
    conversation.sends.push(full);
    if (conversation.sends.length > 200) conversation.sends.splice(0, conversation.sends.length - 200);
    this.changed();
    return full;
  }

  /** Records what the bot sent (for `sandbox.sent()` and `waitFor`). */
  recordSent(sent: Omit<SentMessage, 'seq'>): SentMessage {
    const full: SentMessage = { ...sent, seq: this.world.nextSeq() };
    this.world.sent.push(full);
    for (const listener of this.sentListeners) listener(full);
    return full;
  }

  /** URL of an uploaded attachment, served by the sandbox. */
  mediaUrlOf(attachmentId: string): string {
    const upload = this.world.uploads.get(attachmentId);
    return upload?.url ?? `${this.publicUrl}/sandbox/media/uploads/${attachmentId}`;
  }

  /**
   * After a Page message (bot or inbox) went out: its echo, then on Messenger its delivery to the
   * user's device, both queued at once (so they stay in this order before anything later in the
   * conversation). Resolves once the echo was posted.
   */
  followPageMessage(conversation: Conversation, entry: TranscriptEntry): Promise<void> {
    const echo = this.deliver(
      conversation,
      echoEvent(conversation, entry, (id) => this.mediaUrlOf(id)),
      `echo ${describe(entry.message)}`,
    );
    this.runInBackground(() => echo);
    if (conversation.account.platform === 'messenger') {
      const watermark = this.clock.now();
      const delivery = this.deliver(
        conversation,
        deliveryEvent(conversation, [entry.mid], watermark),
        'delivery',
      );
      this.runInBackground(async () => {
        await delivery;
        entry.deliveredAt = watermark;
        this.changed();
      });
    }
    return echo.then(() => undefined);
  }

  /**
   * Moves thread control and sends the handover webhook: under `messaging` when it is addressed to the
   * bot (`pass`: the new owner; `take`: the previous owner; `request`: the current owner), otherwise
   * under `standby`.
   */
  handover(
    conversation: Conversation,
    kind: HandoverKind,
    change: { newOwner?: string; requestedBy?: string; metadata?: string },
  ): Promise<WebhookDelivery> {
    const now = this.clock.now();
    const previous = this.ownerOf(conversation);
    let payload: JsonObject;
    let addressee: string | undefined;
    if (kind === 'request_thread_control') {
      payload = { requested_owner_app_id: change.requestedBy ?? this.appId, metadata: change.metadata ?? '' };
      addressee = previous;
    } else {
      const newOwner = change.newOwner ?? this.appId;
      giveControl(conversation, newOwner, now);
      payload = {
        previous_owner_app_id: previous ?? null,
        new_owner_app_id: newOwner,
        metadata: change.metadata ?? '',
      };
      addressee = kind === 'pass_thread_control' ? newOwner : previous;
    }
    this.changed();
    const list: DeliveryList = addressee === this.appId ? 'messaging' : 'standby';
    return this.deliver(conversation, handoverEvent(conversation, now, kind, payload), kind, list);
  }

  /** Makes the thread idle (no webhook, as on Meta). */
  release(conversation: Conversation): void {
    releaseControl(conversation);
    this.changed();
  }

  /** Runs `task` without awaiting it; `idle()` waits for it. */
  runInBackground(task: () => Promise<unknown>): void {
    const running = task().catch((error: unknown) => {
      this.log.add({ kind: 'sandbox', summary: `background task failed: ${(error as Error).message}` });
    });
    this.background.add(running);
    void running.finally(() => this.background.delete(running));
  }

  /** Resolves when every background task and webhook post has finished. */
  async idle(): Promise<void> {
    while (this.background.size > 0) await Promise.all(this.background);
    await this.driver.idle();
  }
}

/** A short description of a message for log lines: its text, or its attachment type. */
export function describe(message: JsonObject | undefined): string {
  if (message === undefined) return '';
  if (typeof message.text === 'string') return quoted(message.text);
  const attachment = (message.attachment ??
    (Array.isArray(message.attachments) ? message.attachments[0] : undefined)) as
    | { type?: string; payload?: { template_type?: string } }
    | undefined;
  if (attachment?.type === 'template') return `[${attachment.payload?.template_type ?? 'template'} template]`;
  return attachment?.type === undefined ? '[message]' : `[${attachment.type}]`;
}

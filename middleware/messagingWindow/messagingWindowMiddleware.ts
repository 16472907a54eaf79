/**
 * `MessagingWindowMiddleware`: the middleware shell (botbuilder and Agents SDK alike) around the messaging-window policy
 * (windowEvents, windowPolicy, windowState). It records window-opening user interactions, sets
 * `messaging_type` / `tag` on every outgoing message, refuses what Meta would refuse before any
 * Graph call, and corrects its record when Meta refuses anyway.
 *
 * @module
 */
import { type GraphApiError, MessengerError } from '../../adapter/errors';
import { addSendInterceptor, type SendOperation, type SendResult } from '../../adapter/sendPipeline';
import { readThreadOwner } from '../../adapter/state/keys';
import type { StateStore } from '../../adapter/state/stateStore';
import type { MessengerMiddleware, MessengerTurnContext, TurnActivity, TurnResourceResponse } from '../../adapter/turnContext';
import { getMessengerTurnInfo, type MessengerTurnInfo } from '../../adapter/turnInfo';
import { isGraphWindowRefusal, refusedWindowOf, windowRefusalError } from './graphRefusal';
import {
  type MessagingWindowOptions,
  type ResolvedWindowOptions,
  resolveWindowOptions,
  type WindowClosedEvent,
} from './messagingWindowOptions';
import { userInteractionAt } from './windowEvents';
import { authorshipMatters, decideOutgoing, type OutgoingDecision, typingAllowed } from './windowPolicy';
import {
  getWindowState,
  type RefusedWindow,
  readLastUserAt,
  recordUserInteraction,
  recordWindowRefusal,
  type WindowState,
  windowStateAt,
} from './windowState';

/** What the middleware keeps about the current turn. */
interface WindowTurn {
  readonly context: MessengerTurnContext;
  readonly info: MessengerTurnInfo;
  /** Where window records live. */
  readonly store: StateStore;
  /** The turn was started by a window-opening user interaction: messages are replies (`RESPONSE`). */
  readonly reply: boolean;
}

/** Graph window refusals already converted by this middleware's interceptor. */
type ConvertedRefusals = WeakSet<object>;

/**
 * Keeps a bot inside Meta's messaging windows, by default.
 *
 * - Records, per conversation, the user's last interaction that opens the window (message, quick
 *   reply, postback, referral into an existing thread, reaction, plugin opt-in; also on `standby`).
 *   Echoes, deliveries, reads, edits and marketing opt-ins never open it.
 * - On every outgoing message: within 24 hours `RESPONSE` (a reply in a turn the user started) or
 *   `UPDATE` (proactive); from 24 hours to 7 days `MESSAGE_TAG` + `HUMAN_AGENT`, only for a message a
 *   person wrote (`channelData.humanAgent === true`, or sent while a human owns the thread);
 *   otherwise the send rejects with `MESSAGING_WINDOW_CLOSED` before any Graph call.
 * - Retired tags, and tags other than `HUMAN_AGENT` on Instagram, reject with `TAG_NOT_ALLOWED`.
 * - A Graph 10/2018278 or 10/2534022 becomes the same `MESSAGING_WINDOW_CLOSED`, and the record is
 *   corrected.
 * - Typing indicators past 24 hours are not sent (they carry nothing the user would miss).
 *
 * The result is written to `channelData.messaging_type` / `channelData.tag` of the outgoing
 * activity (a new object: the bot's own `channelData` is never changed). `channelData.humanAgent`
 * stays on the activity (transcripts show who wrote it); the adapter does not send it to Graph.
 *
 * Install it after `HandoverMiddleware`, so messages held back while another app owns the thread
 * are never judged: `adapter.use(new HandoverMiddleware(), new MessagingWindowMiddleware())`.
 *
 * @example
 * ```ts
 * const window = new MessagingWindowMiddleware({
 *   onWindowClosed: async (context, event) => mailer.fallback(event.conversationId, event.activities),
 * });
 * adapter.use(window);
 *
 * // an agent console: a person's reply, tagged HUMAN_AGENT for you between 24 hours and 7 days
 * await adapter.continueConversationAsync('', reference, async (context) => {
 *   await context.sendActivity({ type: 'message', text: 'Hi, Ana here.', channelData: { humanAgent: true } });
 * });
 *
 * // the countdown for that console
 * const state = await window.getWindowState(reference); // { status: 'human-agent-only', changesAt, ... }
 * ```
 */
export class MessagingWindowMiddleware implements MessengerMiddleware {
  private readonly options: ResolvedWindowOptions;
  /** The store of the last turn (the adapter's), for queries when no `store` option was given. */
  private lastStore: StateStore | undefined;
  private readonly converted: ConvertedRefusals = new WeakSet();

  /**
   * @param options See {@link MessagingWindowOptions}. Invalid options throw a `MessengerError` with
   *   code `CONFIG_INVALID`.
   */
  constructor(options?: MessagingWindowOptions) {
    this.options = resolveWindowOptions(options);
    this.lastStore = this.options.store;
  }

  /** Records the turn's user interaction, then guards every send of the turn. */
  async onTurn(context: MessengerTurnContext, next: () => Promise<void>): Promise<void> {
    const info = getMessengerTurnInfo(context);
    if (info === undefined) {
      // Not a MessengerAdapter turn (another channel, a TestAdapter): no window applies.
      await next();
      return;
    }
    const store = this.options.store ?? info.store;
    this.lastStore = store;
    let reply = false;
    if (info.userId !== undefined) {
      const now = this.options.now();
      const at = userInteractionAt(info.source, info.event, now);
      if (at !== undefined) {
        await recordUserInteraction(store, info.conversationId, at, now);
        reply = true;
      }
    }
    const turn: WindowTurn = { context, info, store, reply };
    context.onSendActivities((_context, activities, nextSend) => this.guard(turn, activities, nextSend));
    addSendInterceptor(context, (op, nextOp) => this.intercept(turn, op, nextOp));
    await next();
  }

  /**
   * The window state of a conversation: `open`, `human-agent-only`, `closed` or `unknown`, with when
   * it changes next (for a countdown in an agent UI).
   *
   * @param target a conversation reference (`TurnContext.getConversationReference(activity)`) or a
   *   conversation id (`${userId}-${accountId}`).
   */
  async getWindowState(target: { channelId?: string; conversation?: { id?: string } } | string): Promise<WindowState> {
    const store = this.lastStore;
    if (store === undefined) {
      throw new MessengerError(
        'CONFIG_INVALID',
        'MessagingWindowMiddleware has not seen a turn yet, so it does not know the store: pass the adapter’s store ' +
          'as the store option, or call getWindowState(adapter.store, conversationId).',
      );
    }
    const conversationId = typeof target === 'string' ? target : target.conversation?.id;
    if (!conversationId) {
      throw new MessengerError(
        'CONFIG_INVALID',
        'getWindowState needs a conversation id or a reference from TurnContext.getConversationReference(activity).',
      );
    }
    const channelId =
      typeof target !== 'string' && target.channelId === 'instagram' ? 'instagram' : 'facebook';
    return getWindowState(store, conversationId, {
      channelId,
      now: this.options.now,
      humanAgentTag: this.options.humanAgentTag,
    });
  }

  /** onSendActivities: decides every message of the batch before anything is sent. */
  private async guard(
    turn: WindowTurn,
    activities: TurnActivity[],
    next: () => Promise<TurnResourceResponse[]>,
  ): Promise<TurnResourceResponse[]> {
    if (!activities.some((activity) => activity.type === 'message' || activity.type === 'typing')) {
      return this.sendWatched(turn, activities, next);
    }
    const { info } = turn;
    const now = this.options.now();
    const lastUserAt = await readLastUserAt(turn.store, info.conversationId);
    let humanOwner: boolean | undefined;
    const ownedByHuman = async (): Promise<boolean> => {
      humanOwner ??= (await readThreadOwner(info.store, info.conversationId))?.human === true;
      return humanOwner;
    };

    const decisions = new Map<TurnActivity, OutgoingDecision & { send: true }>();
    const dropped = new Set<TurnActivity>();
    const refused: { activity: TurnActivity; error: MessengerError }[] = [];
    for (const activity of activities) {
      if (activity.type === 'typing') {
        if (!typingAllowed(info.channelId, lastUserAt, now, this.options)) dropped.add(activity);
        continue;
      }
      if (activity.type !== 'message') continue;
      const channelData = asRecord(activity.channelData);
      const facebook = asRecord(channelData?.facebook);
      const messagingType = channelData?.messaging_type ?? facebook?.messaging_type;
      const tag = channelData?.tag ?? facebook?.tag;
      const base = { channelId: info.channelId, conversationId: info.conversationId, now, lastUserAt, tag };
      const human = channelData?.humanAgent === true || (authorshipMatters(base) && (await ownedByHuman()));
      const decision = decideOutgoing({ ...base, human, reply: turn.reply, messagingType }, this.options);
      if (decision.send) decisions.set(activity, decision);
      else refused.push({ activity, error: decision.error });
    }

    if (refused.length > 0) await this.refuseBatch(turn, refused, lastUserAt, now);

    for (const [activity, decision] of decisions) {
      activity.channelData = {
        ...(asRecord(activity.channelData) ?? {}),
        messaging_type: decision.messagingType,
        ...(decision.tag !== undefined ? { tag: decision.tag } : {}),
      };
    }
    if (dropped.size === 0) return this.sendWatched(turn, activities, next);
    return this.sendWithout(turn, activities, dropped, next);
  }

  /** Rejects a batch with a refused message: bot mistakes (tags, types) first, else the window. */
  private async refuseBatch(
    turn: WindowTurn,
    refused: readonly { activity: TurnActivity; error: MessengerError }[],
    lastUserAt: number | undefined,
    now: number,
  ): Promise<never> {
    const mistake = refused.find((entry) => entry.error.code !== 'MESSAGING_WINDOW_CLOSED');
    if (mistake) throw mistake.error;
    const first = refused[0]!.error;
    await this.notify(
      turn,
      'local',
      first,
      refused.map((entry) => entry.activity),
      windowStateAt(turn.info.conversationId, lastUserAt, now, this.windowStateOptions(turn)),
    );
    throw first;
  }

  /** Sends the batch without the dropped typing indicators, answering `{ id: '' }` for them. */
  private async sendWithout(
    turn: WindowTurn,
    activities: TurnActivity[],
    dropped: ReadonlySet<TurnActivity>,
    next: () => Promise<TurnResourceResponse[]>,
  ): Promise<TurnResourceResponse[]> {
    const original = [...activities];
    const kept = original.filter((activity) => !dropped.has(activity));
    if (kept.length === 0) return original.map(() => ({ id: '' }));
    // botbuilder passes this same array to the adapter: send only the kept ones, then restore it.
    activities.splice(0, activities.length, ...kept);
    let sent: TurnResourceResponse[];
    try {
      sent = await this.sendWatched(turn, activities, next);
    } finally {
      activities.splice(0, activities.length, ...original);
    }
    let index = 0;
    return original.map((activity) => (dropped.has(activity) ? { id: '' } : (sent[index++] ?? { id: '' })));
  }

  /** Calls `next`, turning a Graph window refusal into `MESSAGING_WINDOW_CLOSED` and telling the hook. */
  private async sendWatched(
    turn: WindowTurn,
    activities: TurnActivity[],
    next: () => Promise<TurnResourceResponse[]>,
  ): Promise<TurnResourceResponse[]> {
    try {
      return await next();
    } catch (error) {
      if (!isGraphWindowRefusal(error)) throw error;
      // Converted (and the record corrected) by the send interceptor; if the adapter ran no
      // interceptor, correct here with what is certain: the 24-hour window is closed.
      const converted = this.converted.has(error) ? error : await this.convert(turn, error, undefined);
      const now = this.options.now();
      const lastUserAt = await readLastUserAt(turn.store, turn.info.conversationId);
      await this.notify(
        turn,
        'graph',
        converted,
        [...activities],
        windowStateAt(turn.info.conversationId, lastUserAt, now, this.windowStateOptions(turn)),
      );
      throw converted;
    }
  }

  /** SendInterceptor: knows the exact body Meta refused, so it corrects the record precisely. */
  private async intercept(
    turn: WindowTurn,
    op: SendOperation,
    next: (op: SendOperation) => Promise<SendResult>,
  ): Promise<SendResult> {
    try {
      return await next(op);
    } catch (error) {
      if (!isGraphWindowRefusal(error) || this.converted.has(error)) throw error;
      throw await this.convert(turn, error, op);
    }
  }

  /** Corrects the record after a Graph window refusal and builds the error the send rejects with. */
  private async convert(
    turn: WindowTurn,
    error: GraphApiError,
    op: SendOperation | undefined,
  ): Promise<GraphApiError> {
    const conversationId = op?.conversationId ?? turn.info.conversationId;
    const channelId = op?.channelId ?? turn.info.channelId;
    const refusedWindow: RefusedWindow = refusedWindowOf(op?.body);
    const now = this.options.now();
    const previous = await readLastUserAt(turn.store, conversationId);
    const corrected = await recordWindowRefusal(turn.store, conversationId, channelId, refusedWindow, now);
    const converted = windowRefusalError(error, {
      channelId,
      conversationId,
      now,
      previous,
      corrected,
      humanAgentTag: this.options.humanAgentTag,
    });
    this.converted.add(converted);
    return converted;
  }

  private async notify(
    turn: WindowTurn,
    source: WindowClosedEvent['source'],
    error: MessengerError,
    activities: readonly TurnActivity[],
    state: WindowState,
  ): Promise<void> {
    const hook = this.options.onWindowClosed;
    if (hook === undefined) return;
    const { info } = turn;
    await hook(turn.context, {
      conversationId: info.conversationId,
      channelId: info.channelId,
      accountId: info.accountId,
      userId: info.userId,
      source,
      state,
      activities,
      error,
    });
  }

  private windowStateOptions(turn: WindowTurn): {
    channelId: MessengerTurnInfo['channelId'];
    humanAgentTag: boolean;
  } {
    return { channelId: turn.info.channelId, humanAgentTag: this.options.humanAgentTag };
  }
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

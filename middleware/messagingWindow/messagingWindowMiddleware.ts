/**
 * `MessagingWindowMiddleware`: the middleware shell (botbuilder and Agents SDK alike) around the messaging-window policy
 * (windowEvents, windowPolicy, windowState). It records window-opening user interactions, sets
 * `messaging_type` / `tag` on every outgoing message, refuses what Meta would refuse before any
 * Graph call, and corrects its record when Meta refuses anyway.
 *
 * @module
 */
import { copyWith } from '../../adapter/copyWith';
import { type GraphApiError, MessengerError } from '../../adapter/errors';
import { isHumanAgentActivity } from '../../adapter/handover/humanAgent';
import { addSendInterceptor, type SendOperation, type SendResult } from '../../adapter/sendPipeline';
import type { StateStore } from '../../adapter/state/stateStore';
import type { MessengerTurnContext, TurnActivity, TurnResourceResponse } from '../../adapter/turnContext';
import type { PolicyMiddleware } from '../../adapter/core/policyChain';
import { getMessengerTurnInfo, type MessengerTurnInfo } from '../../adapter/turnInfo';
import { clearAdWindow, isAdMessage, readAdWindowEndsAt, recordAdStart } from './adWindow';
import { isGraphWindowRefusal, refusedWindowOf, windowRefusalError } from './graphRefusal';
import {
  type LocalRefusalEvent,
  type MessagingWindowOptions,
  type ResolvedWindowOptions,
  resolveWindowOptions,
  type WindowClosedEvent,
} from './messagingWindowOptions';
import { userInteractionAt } from './windowEvents';
import { decideOutgoing, type OutgoingDecision, typingAllowed } from './windowPolicy';
import {
  getWindowState,
  type RefusedWindow,
  readLastUserAt,
  recordUserInteraction,
  recordWindowRefusal,
  type WindowState,
  windowStateAt,
} from './windowState';
import { windowPhase } from './windows';

/** The start of a turn: where its records live, and the record of its user interaction, if any. */
interface WindowStart {
  readonly info: MessengerTurnInfo;
  /** Where window records live. */
  readonly store: StateStore;
  /** The clock when the turn started. */
  readonly now: number;
  /**
   * The window-opening interaction that started the turn (`at`, epoch ms), and the record in force
   * once it was recorded (the later of `at` and what was on record).
   */
  readonly interaction: { readonly at: number; readonly recorded: Promise<number> } | undefined;
}

/** What the middleware keeps about the current turn. */
interface WindowTurn {
  readonly context: MessengerTurnContext;
  readonly info: MessengerTurnInfo;
  /** Where window records live. */
  readonly store: StateStore;
  /** The turn was started by a window-opening user interaction: messages are replies (`RESPONSE`). */
  readonly reply: boolean;
  /**
   * The user's last interaction as this turn recorded it (the record in force right after), used to
   * decide without a store read while it keeps the standard window open; `undefined` when the turn
   * recorded none, and from the moment Meta refuses a message of the turn as outside the window.
   */
  recordedLastUserAt: number | undefined;
}

/** The decisions over one batch of outgoing activities. */
interface BatchPlan {
  readonly decisions: Map<TurnActivity, OutgoingDecision & { send: true }>;
  readonly dropped: Set<TurnActivity>;
  readonly refused: { activity: TurnActivity; error: MessengerError }[];
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
 *   person wrote (`asHumanAgent(...)`, i.e. `channelData.humanAgent === true`; never because of who
 *   owns the thread); otherwise the send rejects with `MESSAGING_WINDOW_CLOSED` before any Graph call.
 * - Retired tags, and tags other than `HUMAN_AGENT` on Instagram, reject with `TAG_NOT_ALLOWED`.
 * - A Graph 10/2018278 or 10/2534022 becomes the same `MESSAGING_WINDOW_CLOSED`, and the record is
 *   corrected.
 * - Typing indicators past 24 hours are not sent (they carry nothing the user would miss).
 * - Utility template messages (`utilityMessage`) go out with `UTILITY` whatever the window (Messenger).
 * - With `adWindow: true`, a conversation whose message came from a Click-to-Messenger /
 *   Click-to-Direct ad keeps the standard window up to 7 days from that message.
 * - Comment turns are not judged: their reply is a private reply with its own rule.
 *
 * The result is written to `channelData.messaging_type` / `channelData.tag` of the outgoing
 * activity (a new object: the bot's own `channelData` is never changed). `channelData.humanAgent`
 * stays on the activity (transcripts show who wrote it); the adapter does not send it to Graph.
 *
 * Its decisions do not depend on the order or set of the other middleware: a bot message is never
 * tagged `HUMAN_AGENT`, whoever owns the thread.
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
 *   await context.sendActivity(asHumanAgent('Hi, Ana here.'));
 * });
 *
 * // the countdown for that console
 * const state = await window.getWindowState(reference); // { status: 'human-agent-only', changesAt, ... }
 * ```
 */
export class MessagingWindowMiddleware implements PolicyMiddleware {
  /** Which of the package's policies this is: one runs per adapter, and it replaces the default one. */
  readonly policyKind = 'window' as const;
  private readonly options: ResolvedWindowOptions;
  /** The store of the last turn (the adapter's), for queries when no `store` option was given. */
  private lastStore: StateStore | undefined;
  private readonly converted: ConvertedRefusals = new WeakSet();
  /** turnState key of the {@link WindowStart} made by {@link MessagingWindowMiddleware.startTurn} (one per instance). */
  private readonly startKey = Symbol('MessagingWindowMiddleware.start');

  /**
   * @param options See {@link MessagingWindowOptions}. Invalid options throw a `MessengerError` with
   *   code `CONFIG_INVALID`.
   */
  constructor(options?: MessagingWindowOptions) {
    this.options = resolveWindowOptions(options);
    this.lastStore = this.options.store;
  }

  /**
   * Policy chain: records the turn's user interaction together with the other policies' turn-start
   * commands (see `PolicyMiddleware.startTurn`): one atomic `setIfGreater` on a store that has it
   * (`RedisStateStore`: one command), else a read and a write.
   */
  startTurn(context: MessengerTurnContext): Promise<void> | undefined {
    const start = this.begin(context);
    if (start === undefined) return undefined;
    context.turnState.set(this.startKey, start);
    return start.interaction?.recorded.then(() => undefined);
  }

  /** Records the turn's user interaction (unless `startTurn` did), then guards every send of the turn. */
  async onTurn(context: MessengerTurnContext, next: () => Promise<void>): Promise<void> {
    const start = (context.turnState.get(this.startKey) as WindowStart | undefined) ?? this.begin(context);
    if (start === undefined) {
      // Not a MessengerAdapter turn (another channel, a TestAdapter), or a comment turn, whose reply is a
      // private reply with its own rule (one per comment, within 7 days; see delivery/commentReply.ts).
      await next();
      return;
    }
    const { info, store, interaction } = start;
    let recordedLastUserAt: number | undefined;
    if (interaction !== undefined) {
      recordedLastUserAt = await interaction.recorded;
      if (isAdMessage(info.source, info.event)) await recordAdStart(store, info.conversationId, interaction.at, start.now);
    }
    const turn: WindowTurn = { context, info, store, reply: interaction !== undefined, recordedLastUserAt };
    context.onSendActivities((_context, activities, nextSend) => this.guard(turn, activities, nextSend));
    addSendInterceptor(context, (op, nextOp) => this.intercept(turn, op, nextOp));
    await next();
  }

  /** The start of a Messenger turn (its interaction being recorded), or `undefined` for a turn the window does not judge. */
  private begin(context: MessengerTurnContext): WindowStart | undefined {
    const info = getMessengerTurnInfo(context);
    if (info === undefined || info.source === 'changes') return undefined;
    const store = this.options.store ?? info.store;
    this.lastStore = store;
    const now = this.options.now();
    const at = info.userId === undefined ? undefined : userInteractionAt(info.source, info.event, now);
    const interaction = at === undefined ? undefined : { at, recorded: recordUserInteraction(store, info.conversationId, at, now) };
    return { info, store, now, interaction };
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
      adWindow: this.options.adWindow,
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
    // Right after the turn's own interaction the standard window is open from it: the record can only
    // have moved later since (only a Meta refusal moves it back, and one of this turn clears
    // recordedLastUserAt), and every decision in the open window is the same for any later time. So
    // when that plan sends everything, it is the plan a fresh read would give, without the read.
    const recorded = turn.recordedLastUserAt;
    let plan =
      recorded !== undefined && windowPhase(info.channelId, recorded, now) === 'open'
        ? this.plan(turn, activities, recorded, undefined, now)
        : undefined;
    let lastUserAt = recorded;
    if (plan === undefined || plan.refused.length > 0 || plan.dropped.size > 0) {
      lastUserAt = await readLastUserAt(turn.store, info.conversationId);
      plan = this.plan(turn, activities, lastUserAt, await this.adWindowEndsAt(turn, lastUserAt, now), now);
    }
    const { decisions, dropped, refused } = plan;

    if (refused.length > 0) await this.refuseBatch(turn, refused, lastUserAt, now);

    for (const [activity, decision] of decisions) {
      activity.channelData = copyWith(asRecord(activity.channelData) ?? {}, {
        messaging_type: decision.messagingType,
        ...(decision.tag !== undefined ? { tag: decision.tag } : {}),
      });
    }
    if (dropped.size === 0) return this.sendWatched(turn, activities, next);
    return this.sendWithout(turn, activities, dropped, next);
  }

  /** Decides every message and typing indicator of a batch, for the user's last interaction `lastUserAt`. */
  private plan(
    turn: WindowTurn,
    activities: readonly TurnActivity[],
    lastUserAt: number | undefined,
    adWindowEndsAt: number | undefined,
    now: number,
  ): BatchPlan {
    const { info } = turn;
    const decisions = new Map<TurnActivity, OutgoingDecision & { send: true }>();
    const dropped = new Set<TurnActivity>();
    const refused: { activity: TurnActivity; error: MessengerError }[] = [];
    for (const activity of activities) {
      if (activity.type === 'typing') {
        if (!typingAllowed(info.channelId, lastUserAt, now, this.options, adWindowEndsAt)) dropped.add(activity);
        continue;
      }
      if (activity.type !== 'message') continue;
      const channelData = asRecord(activity.channelData);
      const facebook = asRecord(channelData?.facebook);
      const messagingType = channelData?.messaging_type ?? facebook?.messaging_type;
      const tag = channelData?.tag ?? facebook?.tag;
      // One literal, not a spread of a shared base: V8 copies such a spread on a slow path (about 5 µs).
      const facts = {
        channelId: info.channelId,
        conversationId: info.conversationId,
        now,
        lastUserAt,
        tag,
        adWindowEndsAt,
        // Who wrote it is decided in one place (isHumanAgentActivity), never by who owns the thread.
        human: isHumanAgentActivity(activity),
        reply: turn.reply,
        messagingType,
        template: (channelData?.template ?? facebook?.template) !== undefined,
      };
      const decision = decideOutgoing(facts, this.options);
      if (decision.send) decisions.set(activity, decision);
      else refused.push({ activity, error: decision.error });
    }
    return { decisions, dropped, refused };
  }

  /**
   * The end of the longer window after a message from an ad, when `adWindow` is on and the 24-hour
   * window alone is over (the store is read only then).
   */
  private async adWindowEndsAt(turn: WindowTurn, lastUserAt: number | undefined, now: number): Promise<number | undefined> {
    if (!this.options.adWindow || windowPhase(turn.info.channelId, lastUserAt, now) !== 'human-agent') return undefined;
    return readAdWindowEndsAt(turn.store, turn.info.conversationId);
  }

  /** Rejects a batch with a refused message: bot mistakes (tags, types) first, else the window. */
  private async refuseBatch(
    turn: WindowTurn,
    refused: readonly { activity: TurnActivity; error: MessengerError }[],
    lastUserAt: number | undefined,
    now: number,
  ): Promise<never> {
    const state = windowStateAt(turn.info.conversationId, lastUserAt, now, this.windowStateOptions(turn));
    const mistake = refused.find((entry) => entry.error.code !== 'MESSAGING_WINDOW_CLOSED');
    if (mistake) {
      await this.tellRefused(turn, mistake.error, [mistake.activity], state);
      throw mistake.error;
    }
    const first = refused[0]!.error;
    const activities = refused.map((entry) => entry.activity);
    await this.tellRefused(turn, first, activities, state);
    await this.notify(turn, 'local', first, activities, state);
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
    // Meta says the window is closed: from now on this turn reads the record again before deciding.
    turn.recordedLastUserAt = undefined;
    const now = this.options.now();
    const previous = await readLastUserAt(turn.store, conversationId);
    const corrected = await recordWindowRefusal(turn.store, conversationId, channelId, refusedWindow, now);
    // Meta's first window refusal ends the longer window after an ad (its length is Meta's "up to").
    await clearAdWindow(turn.store, conversationId);
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
    await hook(turn.context, copyWith(conversationOf(turn.info), { source, state, activities, error }));
  }

  /** Tells the `onRefused` hook, if any, of a local refusal. */
  private async tellRefused(
    turn: WindowTurn,
    error: MessengerError,
    activities: readonly TurnActivity[],
    state: WindowState,
  ): Promise<void> {
    const hook = this.options.onRefused;
    if (hook === undefined) return;
    await hook(turn.context, copyWith(conversationOf(turn.info), { state, activities, error }));
  }

  private windowStateOptions(turn: WindowTurn): {
    channelId: MessengerTurnInfo['channelId'];
    humanAgentTag: boolean;
  } {
    return { channelId: turn.info.channelId, humanAgentTag: this.options.humanAgentTag };
  }
}

/** The conversation fields both hooks' events carry. */
function conversationOf(
  info: MessengerTurnInfo,
): Pick<LocalRefusalEvent, 'conversationId' | 'channelId' | 'accountId' | 'userId'> {
  return { conversationId: info.conversationId, channelId: info.channelId, accountId: info.accountId, userId: info.userId };
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

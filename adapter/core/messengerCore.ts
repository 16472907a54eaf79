/**
 * The framework-neutral Messenger core behind both adapter shells (`MessengerAdapter` for botbuilder,
 * `MessengerAgentsAdapter` for the Microsoft 365 Agents SDK): options, Graph client, store, event
 * intake, the webhook flow of `process()`, outgoing delivery, thread control, proactive target
 * resolution, follow-up dispatch, `close()`, and the Azure-channel compatibility (user names from
 * Meta's profile API, option `azureFacebookChannel`). A shell only makes its framework's `TurnContext` and
 * runs its middleware; everything else is here.
 *
 * @module
 */
import type { PlainActivity } from '../activity';
import { commentReplyContext } from '../delivery/commentReply';
import { deliverActivities } from '../delivery/deliverActivities';
import { MessengerError } from '../errors';
import { GraphClient } from '../graph/graphClient';
import {
  createHandoffStatus,
  extendThreadControl,
  passThreadControl,
  readThreadControl,
  releaseThreadControl,
  requestThreadControl,
  type ThreadControlDeps,
  type ThreadControlOutcome,
  type ThreadRef,
  type ThreadState,
  takeThreadControl,
  threadRefOf,
} from '../handover';
import {
  type InstagramLoginRouting,
  instagramGraphApiUrl,
  markInstagramLoginEvents,
  noteInstagramLoginReference,
} from '../instagramLogin';
import { type MessengerAdapterOptions, type MessengerLogger, validateAdapterOptions } from '../options';
import { DEFAULT_GRAPH_API_URL } from '../platform';
import { withAzureShape } from '../inbound/azureShapes';
import { UserNames, withUserNames } from '../inbound/userNames';
import type { TurnPrelude } from '../turnPrelude';
import { getSendInterceptors } from '../sendPipeline';
import { MemoryStateStore } from '../state/memoryStateStore';
import type { StateStore } from '../state/stateStore';
import type { ProactiveReference, TurnActivity, TurnResourceResponse, TurnStateHolder } from '../turnContext';
import { getMessengerTurnInfo, type MessengerTurnInfo } from '../turnInfo';
import { type CloseReport, DEFAULT_DRAIN_TIMEOUT_MS, reportDrain } from '../turns/drain';
import { DEFAULT_OVERLOAD_HOLD_MS } from '../turns/roomWaiters';
import { resolveDurableIntake } from '../turns/durableOptions';
import { EventIntake } from '../turns/eventIntake';
import type { WebhookRequest, WebhookResponse } from '../webhook/httpTypes';
import { receiveWebhook } from '../webhook/receiveWebhook';
import { respond, respondError } from '../webhook/respond';
import { answerChallenge, queryOf } from '../webhook/verifyChallenge';

const DEFAULTS = {
  maxPendingEvents: 10_000,
  maxConcurrentTurns: 100,
  maxBodyBytes: 1_000_000,
  dedupeTtlMs: 2 * 60 * 60 * 1000,
  drainTimeoutMs: DEFAULT_DRAIN_TIMEOUT_MS,
} as const;

export type { ProactiveReference } from '../turnContext';

/**
 * Runs one turn for `activity` in the shell's framework: makes its `TurnContext`, puts `info` and the
 * turn's `prelude` (webhook turns: the name look-up under way, see `TurnPrelude`) in its turn state and
 * runs the middleware and `logic`. It throws what the turn throws.
 */
export type ShellTurnRunner<TLogic> = (
  activity: PlainActivity,
  info: MessengerTurnInfo,
  logic: TLogic,
  prelude?: TurnPrelude,
) => Promise<void>;

/** The core of both adapter shells. Not for direct use: a shell owns one. */
export class MessengerCore<TLogic> {
  /** The Graph API client. */
  readonly graph: GraphClient;
  /** The shared state store. */
  readonly store: StateStore;
  /** This app's Meta app id, when configured. */
  readonly appId: string | undefined;
  /** The logger the options gave, else the console. */
  readonly logger: MessengerLogger;

  private readonly options: MessengerAdapterOptions;
  private readonly intake: EventIntake<TLogic>;
  private readonly ownsStore: boolean;
  /** The bot logic of the last webhook, for follow-up turns raised outside one (proactive). */
  private botLogic: TLogic | undefined;
  /** Instagram Login: how its accounts are learnt and marked (undefined when not configured). */
  private readonly instagramLogin: InstagramLoginRouting | undefined;

  /**
   * @param options validated here; invalid options throw `CONFIG_INVALID` naming the option.
   * @param runTurn the shell's turn runner.
   * @param noLogic the logic of a follow-up turn when none was registered yet.
   */
  constructor(
    options: MessengerAdapterOptions,
    private readonly runTurn: ShellTurnRunner<TLogic>,
    private readonly noLogic: TLogic,
  ) {
    this.options = validateAdapterOptions(options);
    this.appId = options.appId;
    this.ownsStore = options.store === undefined;
    this.store = options.store ?? new MemoryStateStore();
    this.logger = options.logger ?? consoleLogger;
    this.graph = new GraphClient({
      appSecret: options.appSecret,
      ...(options.accessToken !== undefined ? { accessToken: options.accessToken } : {}),
      ...(options.getAccessToken !== undefined ? { getAccessToken: options.getAccessToken } : {}),
      ...(options.graphApiUrl !== undefined ? { graphApiUrl: options.graphApiUrl } : {}),
      ...(options.graphApiVersion !== undefined ? { graphApiVersion: options.graphApiVersion } : {}),
      ...(options.graphTimeoutMs !== undefined ? { timeoutMs: options.graphTimeoutMs } : {}),
      ...(options.graphMaxRetries !== undefined ? { maxRetries: options.graphMaxRetries } : {}),
      ...(options.graphRetryAmbiguousSends !== undefined ? { retryAmbiguousSends: options.graphRetryAmbiguousSends } : {}),
      ...(options.graphHttpClient !== undefined ? { httpClient: options.graphHttpClient } : {}),
      // Instagram Login (#15): its accounts' calls go to its host with its tokens
      ...(options.instagramLogin !== undefined ? { instagramLogin: options.instagramLogin, store: this.store } : {}),
    });
    this.instagramLogin =
      options.instagramLogin === undefined
        ? undefined
        : {
            graph: this.graph,
            serviceUrl: instagramGraphApiUrl(options.instagramLogin),
            report: (error) => this.reportUnhandled(error, undefined),
          };
    this.intake = new EventIntake<TLogic>({
      store: this.store,
      graph: this.graph,
      appId: this.appId,
      dedupeTtlMs: options.dedupeTtlMs ?? DEFAULTS.dedupeTtlMs,
      maxPendingEvents: options.maxPendingEvents ?? DEFAULTS.maxPendingEvents,
      maxConcurrentTurns: options.maxConcurrentTurns ?? DEFAULTS.maxConcurrentTurns,
      drainTimeoutMs: options.drainTimeoutMs ?? DEFAULTS.drainTimeoutMs,
      durable: resolveDurableIntake(options.durableIntake),
      currentLogic: () => this.botLogic,
      inboundOptions: {
        serviceUrl: options.graphApiUrl ?? DEFAULT_GRAPH_API_URL,
        ...(options.appId !== undefined ? { appId: options.appId } : {}),
        ...(options.getStartedPayload !== undefined ? { getStartedPayload: options.getStartedPayload } : {}),
        ...(options.welcomeOnGetStarted !== undefined ? { welcomeOnGetStarted: options.welcomeOnGetStarted } : {}),
        ...(options.locale !== undefined ? { locale: options.locale } : {}),
      },
      // from.name (and the Get Started membersAdded name) from Meta's user profile API, as on Azure.
      runTurn: withUserNames(this.userNamesOf(options), (activity, info, logic, prelude) =>
        this.runReported(activity, info, logic, prelude),
      ),
      report: (error, conversationId) => this.reportUnhandled(error, conversationId),
    });
  }

  /** The webhook flow of the shells' `process()`: see `MessengerAdapter.process`. Never throws. */
  async process(req: WebhookRequest, res: WebhookResponse, logic: TLogic): Promise<void> {
    this.botLogic = logic;
    try {
      const method = (req.method ?? 'GET').toUpperCase();
      if (method === 'GET') {
        const outcome = answerChallenge(queryOf(req), this.options.verifyToken);
        respond(res, outcome.status, outcome.body, 'text/plain; charset=utf-8');
        return;
      }
      if (method !== 'POST') {
        res.setHeader('allow', 'GET, POST');
        respondError(
          res,
          405,
          new MessengerError('WEBHOOK_INVALID', `Method ${method} is not allowed: use GET or POST.`),
        );
        return;
      }
      // A full backlog holds the request up to overloadHoldMs in all (unread, then read) while turns finish.
      const holdUntil = performance.now() + (this.options.overloadHoldMs ?? DEFAULT_OVERLOAD_HOLD_MS);
      const refusal = await this.intake.admit(holdUntil);
      if (refusal) {
        // Shutting down, or still full after the hold: refused before reading the body; Meta delivers it again later.
        respondError(res, 503, refusal);
        return;
      }
      const outcome = await receiveWebhook(req, {
        appSecret: this.options.appSecret,
        instagramAppSecret: this.options.instagramLogin?.appSecret,
        maxBodyBytes: this.options.maxBodyBytes ?? DEFAULTS.maxBodyBytes,
      });
      if (outcome.status !== 200) {
        if (outcome.status === 500) this.logger.error(outcome.error.message, { code: outcome.error.code });
        respondError(res, outcome.status, outcome.error);
        return;
      }
      const events = this.instagramLogin
        ? await markInstagramLoginEvents(outcome.events, outcome.signedBy, this.instagramLogin)
        : outcome.events;
      const accepted = await this.intake.accept(events, logic, holdUntil);
      if (accepted.rejected) {
        respondError(res, 503, accepted.rejected);
        return;
      }
      if (this.options.processBeforeResponse) await accepted.done;
      respond(res, 200, 'EVENT_RECEIVED', 'text/plain; charset=utf-8');
    } catch (error) {
      // A bug or a custom component (store, logger) that threw: not a Graph failure. Class and code only.
      this.logger.error('botbuilder-adapter-messenger: a webhook request failed unexpectedly', {
        code: error instanceof MessengerError ? error.code : undefined,
        error: error instanceof Error ? error.name : typeof error,
      });
      if (!res.headersSent) respondError(res, 500, webhookInternalError());
    }
  }

  /**
   * Delivers a turn's outgoing activities through the turn's send interceptors: one response per
   * activity with the Graph `message_id`.
   */
  sendActivities(context: TurnStateHolder, activities: readonly TurnActivity[]): Promise<TurnResourceResponse[]> {
    const info = getMessengerTurnInfo(context);
    // TurnActivity is PlainActivity with optional account ids; the delivery checks them (targetOf).
    const turnActivity = context.activity as PlainActivity;
    return deliverActivities(activities as PlainActivity[], {
      graph: this.graph,
      interceptors: getSendInterceptors(context),
      turn: { info, activity: turnActivity },
      comment: commentReplyContext(info, turnActivity),
      sleep: sleepMs,
    });
  }

  /** Runs a proactive turn for a stored reference (`activity` is the shell's continuation activity). */
  async continueConversation(reference: ProactiveReference, activity: PlainActivity, logic: TLogic): Promise<void> {
    await this.noteReference(reference);
    await this.runTurn(activity, this.proactiveInfo(reference), logic);
  }

  /**
   * The logic a shell runs after its middleware: `logic` itself, or with option
   * `azureFacebookChannel` `logic` seeing Azure's activity shapes (the middleware keep this package's).
   */
  logicForBot<TContext extends { activity: object }>(
    logic: (context: TContext) => Promise<void>,
    info: MessengerTurnInfo,
  ): (context: TContext) => Promise<void> {
    return this.options.azureFacebookChannel === true ? withAzureShape(logic, info.accountId) : logic;
  }

  /** Registers the logic follow-up turns raised outside a webhook run with. */
  setBotLogic(logic: TLogic): void {
    this.botLogic = logic;
  }

  /** Passes thread control (default: Meta's inbox of the channel); see `MessengerAdapter.passThreadControl`. */
  passThreadControl(reference: ProactiveReference, targetAppId?: string, metadata?: string): Promise<ThreadControlOutcome> {
    return this.threadControl(reference, 'pass', (deps, ref) => passThreadControl(deps, ref, targetAppId, metadata));
  }

  /** Takes thread control back for this app. */
  takeThreadControl(reference: ProactiveReference, metadata?: string): Promise<ThreadControlOutcome> {
    return this.threadControl(reference, 'take', (deps, ref) => takeThreadControl(deps, ref, metadata));
  }

  /** Releases thread control. */
  releaseThreadControl(reference: ProactiveReference, metadata?: string): Promise<ThreadControlOutcome> {
    return this.threadControl(reference, 'release', (deps, ref) => releaseThreadControl(deps, ref, metadata));
  }

  /** Asks the owning app to pass the thread to this app. */
  async requestThreadControl(reference: ProactiveReference, metadata?: string): Promise<void> {
    await this.noteReference(reference);
    await requestThreadControl(this.threadDeps(), threadRefOf(reference), metadata);
  }

  /** Extends this app's thread control. */
  async extendThreadControl(reference: ProactiveReference, durationSeconds: number): Promise<void> {
    await this.noteReference(reference);
    await extendThreadControl(this.threadDeps(), threadRefOf(reference), durationSeconds);
  }

  /** Who controls the conversation, as recorded. */
  getThreadControl(reference: ProactiveReference): Promise<ThreadState> {
    return readThreadControl(this.threadDeps(), threadRefOf(reference));
  }

  /** Resolves when every accepted webhook event has finished its turn. */
  whenIdle(): Promise<void> {
    return this.intake.idle();
  }

  /**
   * Graceful shutdown: new POSTs get 503 (Meta keeps those events), queued turns run until
   * `deadlineMs` (default `drainTimeoutMs`, 20 s), what could not run is dropped, counted and logged
   * (counts only, no contents), then the core releases what it opened (keep-alive connections, the
   * default store's timer). Resolves with the counts.
   */
  async close(options: { deadlineMs?: number } = {}): Promise<CloseReport> {
    const report = await this.intake.close(options.deadlineMs);
    reportDrain(report, this.logger);
    this.graph.close();
    if (this.ownsStore && this.store instanceof MemoryStateStore) this.store.close();
    return report;
  }

  /**
   * Logs a failed turn: its conversation, error class and code, never its message (it may quote the
   * user). `how` says why it is logged here: no `onTurnError` handled it, or the default one ran.
   */
  reportUnhandled(error: unknown, conversationId: string | undefined, how: 'unhandled' | 'default' = 'unhandled'): void {
    const code = error instanceof MessengerError ? error.code : undefined;
    const name = error instanceof Error ? error.name : typeof error;
    const message =
      how === 'default'
        ? 'botbuilder-adapter-messenger: a turn failed (the default onTurnError logs it; set adapter.onTurnError to handle it)'
        : 'botbuilder-adapter-messenger: a turn failed and onTurnError did not handle it';
    this.logger.error(message, { conversationId, code, error: name });
  }

  /** The name look-up of option `userNames`, or `undefined` when it is off. */
  private userNamesOf(options: MessengerAdapterOptions): UserNames | undefined {
    if (options.userNames === false) return undefined;
    const settings = typeof options.userNames === 'object' ? options.userNames : {};
    const logger = this.logger;
    return new UserNames(
      { store: this.store, graph: this.graph, warn: (message, details) => logger.warn?.(message, details) },
      settings,
    );
  }

  private async runReported(
    activity: PlainActivity,
    info: MessengerTurnInfo,
    logic: TLogic,
    prelude: TurnPrelude | undefined,
  ): Promise<void> {
    try {
      await this.runTurn(activity, info, logic, prelude);
    } catch (error) {
      this.reportUnhandled(error, info.conversationId);
    }
  }

  /** A reference whose serviceUrl is the Instagram-Login host marks its account as Instagram Login. */
  private async noteReference(reference: ProactiveReference): Promise<void> {
    if (this.instagramLogin) await noteInstagramLoginReference(reference, this.instagramLogin);
  }

  /** The turn info of a proactive turn; reads botbuilder's `bot` and the Agents SDK's `agent`. */
  private proactiveInfo(reference: ProactiveReference): MessengerTurnInfo {
    const account = reference.bot ?? reference.agent ?? undefined;
    return this.intake.proactiveInfo(
      {
        channelId: reference.channelId,
        user: reference.user,
        bot: account ?? undefined,
        conversation: reference.conversation,
      },
      () => this.botLogic ?? this.noLogic,
    );
  }

  private threadDeps(): ThreadControlDeps {
    return { graph: this.graph, store: this.store, appId: this.appId };
  }

  /** Runs a thread-control call and tells the bot (a `handoff.status` turn) when control moved. */
  private async threadControl(
    reference: ProactiveReference,
    trigger: 'pass' | 'take' | 'release',
    call: (deps: ThreadControlDeps, ref: ThreadRef) => Promise<ThreadControlOutcome>,
  ): Promise<ThreadControlOutcome> {
    const ref = threadRefOf(reference);
    await this.noteReference(reference);
    const outcome = await call(this.threadDeps(), ref);
    if (outcome.status && this.botLogic) {
      const info = this.proactiveInfo(reference);
      const ownerAppId = outcome.record.appId ?? undefined;
      const status = createHandoffStatus(
        { channelId: ref.channelId, accountId: ref.accountId, userId: ref.userId, conversationId: info.conversationId },
        outcome.status,
        undefined,
        { trigger, ...(ownerAppId && ownerAppId !== this.appId ? { ownerAppId } : {}) },
        Date.now(),
      );
      info.dispatch(status);
    }
    return outcome;
  }
}

/** The 500 of a webhook request that failed unexpectedly: an honest code, no contents. */
function webhookInternalError(): MessengerError {
  return new MessengerError(
    'INTERNAL_ERROR',
    'The webhook request failed unexpectedly inside the adapter or a custom component (store, logger); it was logged with its error class. Meta delivers the events again later.',
  );
}

/** The `delay` activity's wait. */
function sleepMs(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const consoleLogger: MessengerLogger = {
  error: (message, details) => console.error(message, details ?? {}),
  warn: (message, details) => console.warn(message, details ?? {}),
};

import {
  type Activity,
  ActivityEx,
  BotAdapter,
  type ConversationReference,
  type ResourceResponse,
  TurnContext,
} from 'botbuilder';
import {
  createHandoffStatus,
  extendThreadControl,
  passThreadControl,
  readThreadControl,
  releaseThreadControl,
  requestThreadControl,
  type ThreadControlOutcome,
  type ThreadState,
  takeThreadControl,
  threadRefOf,
} from '../middleware/handover';
import type { PlainActivity } from './activity';
import { deliverActivities } from './delivery/deliverActivities';
import { isReplyTurn } from './delivery/replyKind';
import { MessengerError } from './errors';
import { GraphClient } from './graph/graphClient';
import { type MessengerAdapterOptions, type MessengerLogger, validateAdapterOptions } from './options';
import { DEFAULT_GRAPH_API_URL } from './platform';
import { getSendInterceptors } from './sendPipeline';
import { MemoryStateStore } from './state/memoryStateStore';
import type { StateStore } from './state/stateStore';
import { getMessengerTurnInfo, type MessengerTurnInfo, MessengerTurnKey } from './turnInfo';
import { connectorFactoryFor } from './delivery/connectorFactory';
import { withAzureShapes } from './inbound/azureShapes';
import { UserNames, withUserNames } from './inbound/userNames';
import { EventIntake } from './turns/eventIntake';
import type { WebhookRequest, WebhookResponse } from './webhook/httpTypes';
import { receiveWebhook } from './webhook/receiveWebhook';
import { respond, respondError } from './webhook/respond';
import { answerChallenge, queryOf } from './webhook/verifyChallenge';

/** botbuilder's `ClaimsIdentity` (from botframework-connector), as the proactive overloads take it. */
type ClaimsIdentity = Exclude<Parameters<BotAdapter['continueConversationAsync']>[0], string>;

/** The bot logic a turn runs, as in `CloudAdapter.process`. */
export type BotLogic = (context: TurnContext) => Promise<void>;

const DEFAULTS = {
  maxPendingEvents: 10_000,
  maxConcurrentTurns: 100,
  maxBodyBytes: 1_000_000,
  dedupeTtlMs: 2 * 60 * 60 * 1000,
} as const;

/**
 * A Bot Framework adapter for Facebook Messenger and Instagram messaging.
 *
 * It answers Meta's webhook (GET verification, signed POSTs), turns every Messenger / Instagram event
 * into a Bot Framework activity, runs your bot, and turns the bot's replies into Send API calls. An
 * existing `CloudAdapter` bot moves over by changing the adapter construction and the route.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { ActivityHandler } from 'botbuilder';
 * import { MessengerAdapter, messengerWebhook } from 'botbuilder-adapter-messenger';
 *
 * const adapter = new MessengerAdapter({
 *   appSecret: process.env.MESSENGER_APP_SECRET!,
 *   verifyToken: process.env.MESSENGER_VERIFY_TOKEN!,
 *   accessToken: process.env.MESSENGER_PAGE_TOKEN!,
 * });
 * const bot = new ActivityHandler().onMessage(async (context, next) => {
 *   await context.sendActivity(`You said: ${context.activity.text}`);
 *   await next();
 * });
 * express().use('/api/messages', messengerWebhook(adapter, (context) => bot.run(context))).listen(3978);
 * ```
 */
export class MessengerAdapter extends BotAdapter {
  /** The Graph API client (typed calls: send, thread control, profile, uploads, ...). */
  readonly graph: GraphClient;
  /** The shared state store (dedupe, window, thread owners, upload ids). */
  readonly store: StateStore;
  /** This app's Meta app id, when configured. */
  readonly appId: string | undefined;
  /**
   * turnState key of the connector factory, as on botbuilder's `CloudAdapter`: its client's
   * `conversations.uploadAttachment` uploads to Meta (see `connectorFactoryFor`); other connector
   * operations reject with `NOT_SUPPORTED`.
   */
  readonly ConnectorFactoryKey: symbol = Symbol('ConnectorFactory');

  private readonly options: MessengerAdapterOptions;
  private readonly intake: EventIntake<BotLogic>;
  private readonly logger: MessengerLogger;
  private readonly ownsStore: boolean;
  /** The bot logic of the last webhook, for follow-up turns raised outside one (proactive). */
  private botLogic: BotLogic | undefined;

  /**
   * @param options See {@link MessengerAdapterOptions}. Invalid options throw a `MessengerError`
   *   with code `CONFIG_INVALID` naming the option.
   */
  constructor(options: MessengerAdapterOptions) {
    super();
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
    });
    this.intake = new EventIntake<BotLogic>({
      store: this.store,
      graph: this.graph,
      appId: this.appId,
      dedupeTtlMs: options.dedupeTtlMs ?? DEFAULTS.dedupeTtlMs,
      maxPendingEvents: options.maxPendingEvents ?? DEFAULTS.maxPendingEvents,
      maxConcurrentTurns: options.maxConcurrentTurns ?? DEFAULTS.maxConcurrentTurns,
      inboundOptions: {
        serviceUrl: options.graphApiUrl ?? DEFAULT_GRAPH_API_URL,
        ...(options.appId !== undefined ? { appId: options.appId } : {}),
        ...(options.getStartedPayload !== undefined ? { getStartedPayload: options.getStartedPayload } : {}),
        ...(options.welcomeOnGetStarted !== undefined ? { welcomeOnGetStarted: options.welcomeOnGetStarted } : {}),
        ...(options.locale !== undefined ? { locale: options.locale } : {}),
      },
      // Issue #21: from.name from the user profile API, and Azure's shapes for the bot logic if asked.
      runTurn: withUserNames(
        this.userNamesOf(options),
        withAzureShapes(options.azureFacebookChannel === true, (activity, info, logic) =>
          this.runTurn(activity, info, logic, { rethrow: false }),
        ),
      ),
      report: (error, conversationId) => this.reportUnhandled(error, conversationId),
    });
  }

  /**
   * Handles one webhook request (node http, express or restify): GET answers Meta's verification,
   * POST verifies the signature, acknowledges with 200 and runs a turn per event (one conversation
   * at a time, in timestamp order). Never throws: problems are answered with a 4xx/5xx and a body
   * that says what is wrong, and turn errors go to `onTurnError`.
   */
  async process(req: WebhookRequest, res: WebhookResponse, logic: BotLogic): Promise<void> {
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
      if (this.intake.isFull) {
        // Shed load before reading and verifying the body: Meta delivers the batch again later.
        respondError(res, 503, this.intake.backlogFull());
        return;
      }
      const outcome = await receiveWebhook(req, {
        appSecret: this.options.appSecret,
        maxBodyBytes: this.options.maxBodyBytes ?? DEFAULTS.maxBodyBytes,
      });
      if (outcome.status !== 200) {
        if (outcome.status === 500) this.logger.error(outcome.error.message, { code: outcome.error.code });
        respondError(res, outcome.status, outcome.error);
        return;
      }
      const accepted = await this.intake.accept(outcome.events, logic);
      if (accepted.rejected) {
        respondError(res, 503, accepted.rejected);
        return;
      }
      if (this.options.processBeforeResponse) await accepted.done;
      respond(res, 200, 'EVENT_RECEIVED', 'text/plain; charset=utf-8');
    } catch (error) {
      this.reportUnhandled(error, undefined);
      if (!res.headersSent) {
        respondError(res, 500, new MessengerError('GRAPH_ERROR', 'The webhook could not be processed.'));
      }
    }
  }

  /**
   * Sends the bot's outgoing activities (called by `TurnContext.sendActivity`): messages and typing
   * become Send API calls through the turn's send interceptors (middleware), `delay` waits, `trace`
   * is dropped. Resolves one `ResourceResponse` per activity with the Graph `message_id`.
   */
  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const info = getMessengerTurnInfo(context);
    const turnActivity = context.activity as PlainActivity;
    return deliverActivities(activities as PlainActivity[], {
      graph: this.graph,
      interceptors: getSendInterceptors(context),
      isReplyTo: (userId) => isReplyTurn(info, turnActivity, userId),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    });
  }

  /** Messenger cannot edit a sent message: always rejects with `NOT_SUPPORTED`. */
  async updateActivity(_context: TurnContext, _activity: Partial<Activity>): Promise<void> {
    throw new MessengerError(
      'NOT_SUPPORTED',
      'updateActivity is not supported by Messenger: a sent message cannot be edited. Send a new message instead.',
    );
  }

  /** Messenger cannot delete a sent message: always rejects with `NOT_SUPPORTED`. */
  async deleteActivity(_context: TurnContext, _reference: Partial<ConversationReference>): Promise<void> {
    throw new MessengerError(
      'NOT_SUPPORTED',
      'deleteActivity is not supported by Messenger: a sent message cannot be deleted by the Page.',
    );
  }

  /**
   * Runs `logic` in a proactive turn for a stored conversation reference
   * (`TurnContext.getConversationReference(activity)`), through the middleware. Outgoing messages are
   * `UPDATE` (not replies) unless a middleware decides otherwise.
   */
  async continueConversation(reference: Partial<ConversationReference>, logic: BotLogic): Promise<void> {
    const info = this.proactiveInfo(reference);
    const activity = ActivityEx.getContinuationActivity(reference) as PlainActivity;
    await this.runTurn(activity, info, logic, { rethrow: true });
  }

  /**
   * The botbuilder 4.x proactive API; every overload works with a stored reference. The app id /
   * claims identity / audience arguments are accepted and ignored (Meta needs none of them).
   *
   * @example
   * ```ts
   * await adapter.continueConversationAsync('', reference, async (context) => {
   *   await context.sendActivity('Your order has shipped.');
   * });
   * ```
   */
  override continueConversationAsync(
    botAppId: string,
    reference: Partial<ConversationReference>,
    logic: BotLogic,
  ): Promise<void>;
  override continueConversationAsync(
    claimsIdentity: ClaimsIdentity,
    reference: Partial<ConversationReference>,
    logic: BotLogic,
  ): Promise<void>;
  override continueConversationAsync(
    claimsIdentity: ClaimsIdentity,
    reference: Partial<ConversationReference>,
    audience: string,
    logic: BotLogic,
  ): Promise<void>;
  override async continueConversationAsync(
    botAppIdOrClaimsIdentity: string | ClaimsIdentity,
    reference: Partial<ConversationReference>,
    logicOrAudience: BotLogic | string,
    maybeLogic?: BotLogic,
  ): Promise<void> {
    const logic = typeof logicOrAudience === 'function' ? logicOrAudience : maybeLogic;
    if (typeof logic !== 'function') {
      throw new MessengerError('CONFIG_INVALID', 'continueConversationAsync needs a logic callback.');
    }
    void botAppIdOrClaimsIdentity;
    await this.continueConversation(reference, logic);
  }

  /**
   * Registers the bot logic that follow-up turns raised outside a webhook run with (a `handoff.status`
   * after a handoff from a proactive turn, or after `adapter.passThreadControl`). `process()` sets it
   * too; call this at startup so that an instance which has not received a webhook yet also delivers
   * them.
   *
   * @example
   * ```ts
   * adapter.setBotLogic((context) => bot.run(context));
   * ```
   */
  setBotLogic(logic: BotLogic): this {
    this.botLogic = logic;
    return this;
  }

  /**
   * Passes thread control to another app: by default Meta's inbox for the channel (Page Inbox
   * 263902037430900, Instagram Inbox 1217981644879628), so people answer in Meta Business Suite.
   * The bot receives a `handoff.status` event when the change concerns it.
   *
   * @example
   * ```ts
   * await adapter.passThreadControl(reference, undefined, 'billing question');
   * ```
   */
  async passThreadControl(
    reference: Partial<ConversationReference>,
    targetAppId?: string,
    metadata?: string,
  ): Promise<ThreadControlOutcome> {
    return this.threadControl(reference, 'pass', (deps, ref) =>
      passThreadControl(deps, ref, targetAppId, metadata),
    );
  }

  /** Takes thread control back for this app (needs this app to be the default app in conversation routing). */
  async takeThreadControl(
    reference: Partial<ConversationReference>,
    metadata?: string,
  ): Promise<ThreadControlOutcome> {
    return this.threadControl(reference, 'take', (deps, ref) => takeThreadControl(deps, ref, metadata));
  }

  /** Releases thread control (the thread becomes idle; the default app answers next). */
  async releaseThreadControl(
    reference: Partial<ConversationReference>,
    metadata?: string,
  ): Promise<ThreadControlOutcome> {
    return this.threadControl(reference, 'release', (deps, ref) => releaseThreadControl(deps, ref, metadata));
  }

  /** Asks the app that owns the thread to pass it to this app. */
  async requestThreadControl(reference: Partial<ConversationReference>, metadata?: string): Promise<void> {
    await requestThreadControl(this.threadDeps(), threadRefOf(reference), metadata);
  }

  /** Extends this app's thread control by `durationSeconds` (up to 7 days). */
  async extendThreadControl(
    reference: Partial<ConversationReference>,
    durationSeconds: number,
  ): Promise<void> {
    await extendThreadControl(this.threadDeps(), threadRefOf(reference), durationSeconds);
  }

  /** Who controls the conversation, as recorded: the bot, a human agent of this app, or another app. */
  async getThreadControl(reference: Partial<ConversationReference>): Promise<ThreadState> {
    return readThreadControl(this.threadDeps(), threadRefOf(reference));
  }

  /** Resolves when every accepted webhook event has finished its turn (tests, graceful shutdown). */
  whenIdle(): Promise<void> {
    return this.intake.idle();
  }

  /**
   * Waits for running turns, then releases what the adapter opened (keep-alive connections, the
   * default store's timer). Call it on shutdown.
   */
  async close(): Promise<void> {
    await this.intake.idle();
    this.graph.close();
    if (this.ownsStore && this.store instanceof MemoryStateStore) this.store.close();
  }

  private async runTurn(
    activity: PlainActivity,
    info: MessengerTurnInfo,
    logic: BotLogic,
    mode: { rethrow: boolean },
  ): Promise<void> {
    // PlainActivity is structurally botbuilder's Partial<Activity> but for ChannelAccount.name being optional.
    const context = new TurnContext(this, activity as Partial<Activity>);
    context.turnState.set(MessengerTurnKey, info);
    // Issue #21: botbuilder's connector path (sample 15's uploaded attachment).
    context.turnState.set(this.ConnectorFactoryKey, connectorFactoryFor(info, this.graph));
    try {
      await this.runMiddleware(context, logic);
    } catch (error) {
      if (mode.rethrow) throw error;
      this.reportUnhandled(error, info.conversationId);
    }
  }

  /** The name look-up of option `userNames` (issue #21), or `undefined` when it is off. */
  private userNamesOf(options: MessengerAdapterOptions): UserNames | undefined {
    if (options.userNames === false) return undefined;
    const settings = typeof options.userNames === 'object' ? options.userNames : {};
    const logger = this.logger;
    return new UserNames(
      { store: this.store, graph: this.graph, warn: (message, details) => logger.warn?.(message, details) },
      settings,
    );
  }

  private proactiveInfo(reference: Partial<ConversationReference>): MessengerTurnInfo {
    return this.intake.proactiveInfo(reference, () => this.botLogic ?? noLogic);
  }

  private threadDeps(): { graph: GraphClient; store: StateStore; appId: string | undefined } {
    return { graph: this.graph, store: this.store, appId: this.appId };
  }

  /** Runs a thread-control call and tells the bot (a `handoff.status` turn) when control moved. */
  private async threadControl(
    reference: Partial<ConversationReference>,
    trigger: 'pass' | 'take' | 'release',
    call: (
      deps: ReturnType<MessengerAdapter['threadDeps']>,
      ref: ReturnType<typeof threadRefOf>,
    ) => Promise<ThreadControlOutcome>,
  ): Promise<ThreadControlOutcome> {
    const ref = threadRefOf(reference);
    const outcome = await call(this.threadDeps(), ref);
    if (outcome.status && this.botLogic) {
      const info = this.proactiveInfo(reference);
      const ownerAppId = outcome.record.appId ?? undefined;
      const status = createHandoffStatus(
        {
          channelId: ref.channelId,
          accountId: ref.accountId,
          userId: ref.userId,
          conversationId: info.conversationId,
        },
        outcome.status,
        undefined,
        { trigger, ...(ownerAppId && ownerAppId !== this.appId ? { ownerAppId } : {}) },
        Date.now(),
      );
      info.dispatch(status);
    }
    return outcome;
  }

  private reportUnhandled(error: unknown, conversationId: string | undefined): void {
    const code = error instanceof MessengerError ? error.code : undefined;
    const name = error instanceof Error ? error.name : typeof error;
    this.logger.error('botbuilder-adapter-messenger: a turn failed and onTurnError did not handle it', {
      conversationId,
      code,
      error: name,
    });
  }
}

const noLogic: BotLogic = async () => {};

const consoleLogger: MessengerLogger = {
  error: (message, details) => console.error(message, details ?? {}),
  warn: (message, details) => console.warn(message, details ?? {}),
};

import {
  type Activity,
  ActivityEx,
  BotAdapter,
  type ConversationReference,
  type Middleware,
  type MiddlewareHandler,
  type ResourceResponse,
  TurnContext,
} from 'botbuilder';
import type { PlainActivity } from './activity';
import { MessengerCore } from './core/messengerCore';
import {
  type DefaultPolicies,
  initialPolicyChain,
  NO_DEFAULT_POLICIES,
  type PolicyChain,
  type PolicyMiddleware,
  routeMiddleware,
} from './core/policyChain';
import { ConnectorFactories } from './delivery/connectorFactory';
import { MessengerError } from './errors';
import type { GraphClient } from './graph/graphClient';
import type { ThreadControlOutcome, ThreadState } from './handover';
import type { MessengerAdapterOptions } from './options';
import type { StateStore } from './state/stateStore';
import type { CloseReport } from './turns/drain';
import { type MessengerTurnInfo, MessengerTurnKey } from './turnInfo';
import { setTurnPrelude, type TurnPrelude } from './turnPrelude';
import type { WebhookRequest, WebhookResponse } from './webhook/httpTypes';

/** botbuilder's `ClaimsIdentity` (from botframework-connector), as the proactive overloads take it. */
type ClaimsIdentity = Exclude<Parameters<BotAdapter['continueConversationAsync']>[0], string>;

/** The bot logic a turn runs, as in `CloudAdapter.process`. */
export type BotLogic = (context: TurnContext) => Promise<void>;

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

  private readonly core: MessengerCore<BotLogic>;
  private readonly policyChain: PolicyChain;
  /** One connector factory per account, shared by its turns. */
  private readonly connectorFactories: ConnectorFactories;

  /**
   * @param options See {@link MessengerAdapterOptions}. Invalid options throw a `MessengerError`
   *   with code `CONFIG_INVALID` naming the option.
   * @param defaults The policies applied unless `defaultMiddleware: false`; the package entry
   *   gives its four (this shell alone has none).
   */
  constructor(options: MessengerAdapterOptions, defaults: DefaultPolicies = NO_DEFAULT_POLICIES) {
    super();
    this.core = new MessengerCore<BotLogic>(options, (activity, info, logic, prelude) => this.runTurn(activity, info, logic, prelude), noLogic);
    this.graph = this.core.graph;
    this.store = this.core.store;
    this.appId = this.core.appId;
    this.connectorFactories = new ConnectorFactories(this.graph);
    this.policyChain = initialPolicyChain(options, defaults);
    super.use(this.policyChain);
  }

  /**
   * Adds middleware. One of the package's policies (handover, attachments, messaging window, rate
   * limit) replaces the one of its kind, default or given before, and runs in the package's order,
   * first; any other middleware runs after them, in the order given.
   */
  override use(...middlewares: Array<MiddlewareHandler | Middleware>): this {
    routeMiddleware(this.policyChain, middlewares, (middleware) => super.use(middleware));
    return this;
  }

  /** The policies in force (handover, attachments, messaging window, rate limit), in the order they run. */
  get policies(): readonly PolicyMiddleware[] {
    return this.policyChain.policies;
  }

  /**
   * Handles one webhook request (node http, express or restify): GET answers Meta's verification,
   * POST verifies the signature, acknowledges with 200 and runs a turn per event (one conversation
   * at a time, in timestamp order). Never throws: problems are answered with a 4xx/5xx and a body
   * that says what is wrong, and turn errors go to `onTurnError`.
   */
  process(req: WebhookRequest, res: WebhookResponse, logic: BotLogic): Promise<void> {
    return this.core.process(req, res, logic);
  }

  /**
   * Sends the bot's outgoing activities (called by `TurnContext.sendActivity`): messages and typing
   * become Send API calls through the turn's send interceptors (middleware), `delay` waits, `trace`
   * is dropped. Resolves one `ResourceResponse` per activity with the Graph `message_id`.
   */
  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    return this.core.sendActivities(context, activities);
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
    const activity = ActivityEx.getContinuationActivity(reference) as PlainActivity;
    await this.core.continueConversation(reference, activity, logic);
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
    this.core.setBotLogic(logic);
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
    return this.core.passThreadControl(reference, targetAppId, metadata);
  }

  /** Takes thread control back for this app (needs this app to be the default app in conversation routing). */
  async takeThreadControl(
    reference: Partial<ConversationReference>,
    metadata?: string,
  ): Promise<ThreadControlOutcome> {
    return this.core.takeThreadControl(reference, metadata);
  }

  /** Releases thread control (the thread becomes idle; the default app answers next). */
  async releaseThreadControl(
    reference: Partial<ConversationReference>,
    metadata?: string,
  ): Promise<ThreadControlOutcome> {
    return this.core.releaseThreadControl(reference, metadata);
  }

  /** Asks the app that owns the thread to pass it to this app. */
  async requestThreadControl(reference: Partial<ConversationReference>, metadata?: string): Promise<void> {
    await this.core.requestThreadControl(reference, metadata);
  }

  /** Extends this app's thread control by `durationSeconds` (up to 7 days). */
  async extendThreadControl(
    reference: Partial<ConversationReference>,
    durationSeconds: number,
  ): Promise<void> {
    await this.core.extendThreadControl(reference, durationSeconds);
  }

  /** Who controls the conversation, as recorded: the bot, a human agent of this app, or another app. */
  async getThreadControl(reference: Partial<ConversationReference>): Promise<ThreadState> {
    return this.core.getThreadControl(reference);
  }

  /** Resolves when every accepted webhook event has finished its turn (tests, graceful shutdown). */
  whenIdle(): Promise<void> {
    return this.core.whenIdle();
  }

  /**
   * Graceful shutdown: new POSTs get 503 (Meta keeps those events), queued turns run until
   * `deadlineMs` (default `drainTimeoutMs`, 20 s), what could not run is dropped, counted and logged
   * (counts only, no contents), then the adapter releases what it opened (keep-alive connections, the
   * default store's timer). Resolves with the counts. See the README's "Shutdown" section.
   */
  close(options: { deadlineMs?: number } = {}): Promise<CloseReport> {
    return this.core.close(options);
  }

  /** The botbuilder glue of a turn: a `TurnContext` with the Messenger turn info, through the middleware. */
  private async runTurn(activity: PlainActivity, info: MessengerTurnInfo, logic: BotLogic, prelude?: TurnPrelude): Promise<void> {
    // PlainActivity is structurally botbuilder's Partial<Activity> but for ChannelAccount.name being optional.
    const context = new TurnContext(this, activity as Partial<Activity>);
    context.turnState.set(MessengerTurnKey, info);
    setTurnPrelude(context, prelude);
    // botbuilder's connector path (Microsoft's sample 15 uploads an attachment through it).
    context.turnState.set(this.ConnectorFactoryKey, this.connectorFactories.factoryFor(info));
    await this.runMiddleware(context, this.core.logicForBot(logic, info));
  }
}

const noLogic: BotLogic = async () => {};

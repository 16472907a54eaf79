import { Activity, type ConversationReference } from '@microsoft/agents-activity';
import {
  type AttachmentData,
  type AttachmentInfo,
  BaseAdapter,
  type CloudAdapter,
  type Connections,
  type Middleware,
  type MiddlewareHandler,
  type ResourceResponse,
  type TurnContext,
} from '@microsoft/agents-hosting';
import type { PlainActivity } from '../activity';
import { MessengerCore, type ProactiveReference } from '../core/messengerCore';
import {
  type DefaultPolicies,
  initialPolicyChain,
  NO_DEFAULT_POLICIES,
  type PolicyChain,
  type PolicyMiddleware,
  routeMiddleware,
} from '../core/policyChain';
import { uploadConnectorAttachment } from '../delivery/connectorFactory';
import { MessengerError } from '../errors';
import type { GraphClient } from '../graph/graphClient';
import type { ThreadControlOutcome, ThreadState } from '../handover';
import type { MessengerAdapterOptions } from '../options';
import type { StateStore } from '../state/stateStore';
import type { CloseReport } from '../turns/drain';
import { getMessengerTurnInfo, type MessengerTurnInfo, MessengerTurnKey } from '../turnInfo';
import { setTurnPrelude, type TurnPrelude } from '../turnPrelude';
import type { WebhookRequest, WebhookResponse } from '../webhook/httpTypes';
import { toAgentsActivity, toPlainOutgoing } from './agentsActivities';
import { MessengerAgentsTurnContext } from './agentsTurnContext';
import { copyWith } from '../copyWith';

/** The agent logic a turn runs: `(context) => app.run(context)` or `(context) => handler.run(context)`. */
export type AgentLogic = (context: TurnContext) => Promise<void>;

/**
 * A Microsoft 365 Agents SDK adapter for Facebook Messenger and Instagram: the same Messenger core
 * and options as `MessengerAdapter`, under the Agents SDK's `BaseAdapter`. It works with
 * `AgentApplication` and `ActivityHandler`, and `use()` takes the same four middleware.
 *
 * Unlike the SDK's own default, its `onTurnError` logs and never sends an error text to the user.
 *
 * @example
 * ```ts
 * import { AgentApplication, TurnState } from '@microsoft/agents-hosting';
 * import { MessengerAgentsAdapter, messengerWebhook } from 'botbuilder-adapter-messenger/agents';
 *
 * const adapter = new MessengerAgentsAdapter({ appSecret, verifyToken, accessToken });
 * const app = new AgentApplication<TurnState>();
 * app.onActivity('message', async (context) => { await context.sendActivity(`You said: ${context.activity.text}`); });
 * http.createServer(messengerWebhook(adapter, (context) => app.run(context))).listen(3978);
 * ```
 */
export class MessengerAgentsAdapter extends BaseAdapter {
  /** The Graph API client (typed calls: send, thread control, profile, uploads, ...). */
  readonly graph: GraphClient;
  /** The shared state store (dedupe, window, thread owners, upload ids). */
  readonly store: StateStore;
  /** This app's Meta app id, when configured. */
  readonly appId: string | undefined;
  /** Read by `AgentApplication` (user authorization): Messenger has no Azure connections. */
  readonly connectionManager: Connections | undefined = undefined;
  /** The name `AgentApplication` gives its agent (`setAgentName`). */
  agentName: string | undefined;

  private readonly core: MessengerCore<AgentLogic>;
  private readonly policyChain: PolicyChain;

  /**
   * @param options The same as `MessengerAdapter`'s; invalid options throw `CONFIG_INVALID`.
   * @param defaults The policies applied unless `defaultMiddleware: false`; the `/agents` entry
   *   gives the package's four (this shell alone has none).
   */
  constructor(options: MessengerAdapterOptions, defaults: DefaultPolicies = NO_DEFAULT_POLICIES) {
    super();
    this.core = new MessengerCore<AgentLogic>(options, (activity, info, logic, prelude) => this.runTurn(activity, info, logic, prelude), noLogic);
    this.graph = this.core.graph;
    this.store = this.core.store;
    this.appId = this.core.appId;
    this.policyChain = initialPolicyChain(options, defaults);
    super.use(this.policyChain);
    this.onTurnError = async (context, error) => this.core.reportUnhandled(error, context.activity.conversation?.id, 'default');
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

  /** Handles one webhook request (GET verification, signed POSTs), as `MessengerAdapter.process`. Never throws. */
  process(req: WebhookRequest, res: WebhookResponse, logic: AgentLogic): Promise<void> {
    return this.core.process(req, res, logic);
  }

  /** Sends the agent's outgoing activities as Send API calls; one response per activity (the `message_id`). */
  async sendActivities(context: TurnContext, activities: Activity[]): Promise<ResourceResponse[]> {
    return this.core.sendActivities(context, activities.map(toPlainOutgoing));
  }

  /** Messenger cannot edit a sent message: always rejects with `NOT_SUPPORTED`. */
  async updateActivity(_context: TurnContext, _activity: Activity): Promise<void> {
    throw notSupported('updateActivity', 'a sent message cannot be edited. Send a new message instead');
  }

  /** Messenger cannot delete a sent message: always rejects with `NOT_SUPPORTED`. */
  async deleteActivity(_context: TurnContext, _reference: Partial<ConversationReference>): Promise<void> {
    throw notSupported('deleteActivity', 'a sent message cannot be deleted by the Page');
  }

  /**
   * Runs `logic` in a proactive turn for a stored reference (`context.activity.getConversationReference()`),
   * through the middleware, as the Agents SDK defines it. The app id / identity argument is ignored.
   */
  async continueConversation(
    _botAppIdOrIdentity: unknown,
    reference: Partial<ConversationReference>,
    logic: AgentLogic,
  ): Promise<void> {
    const withAgent = copyWith(reference, { agent: reference.agent ?? (reference as ProactiveReference).bot });
    const activity = Activity.getContinuationActivity(withAgent as ConversationReference);
    await this.core.continueConversation(withAgent, activity as PlainActivity, logic);
  }

  /** `continueConversation` under botbuilder's name, for `fanOut` and code shared with `MessengerAdapter`. */
  continueConversationAsync(botAppId: string, reference: Partial<ConversationReference>, logic: AgentLogic): Promise<void> {
    return this.continueConversation(botAppId, reference, logic);
  }

  /** Registers the logic of follow-up turns raised outside a webhook (see `MessengerAdapter.setBotLogic`). */
  setBotLogic(logic: AgentLogic): this {
    this.core.setBotLogic(logic);
    return this;
  }

  /** Called by `AgentApplication`; kept for its logs. */
  setAgentName(agentName?: string): void {
    this.agentName = agentName;
  }

  /**
   * This adapter typed as `AgentApplication`'s `adapter` option (`CloudAdapter`), so that
   * `app.onError`, `app.continueConversationAsync` and the typing timer use it. `AgentApplication`
   * uses only `setAgentName`, `connectionManager`, `onTurnError`, `continueConversation` and
   * `sendActivities` of its adapter, which this class has.
   */
  asCloudAdapter(): CloudAdapter {
    // CloudAdapter has private members, so no other class fits its type; the members AgentApplication uses are here.
    return this as unknown as CloudAdapter;
  }

  /** Passes thread control (default: Meta's inbox); see `MessengerAdapter.passThreadControl`. */
  passThreadControl(reference: ProactiveReference, targetAppId?: string, metadata?: string): Promise<ThreadControlOutcome> {
    return this.core.passThreadControl(reference, targetAppId, metadata);
  }

  /** Takes thread control back for this app. */
  takeThreadControl(reference: ProactiveReference, metadata?: string): Promise<ThreadControlOutcome> {
    return this.core.takeThreadControl(reference, metadata);
  }

  /** Releases thread control (the thread becomes idle). */
  releaseThreadControl(reference: ProactiveReference, metadata?: string): Promise<ThreadControlOutcome> {
    return this.core.releaseThreadControl(reference, metadata);
  }

  /** Asks the app that owns the thread to pass it to this app. */
  requestThreadControl(reference: ProactiveReference, metadata?: string): Promise<void> {
    return this.core.requestThreadControl(reference, metadata);
  }

  /** Extends this app's thread control by `durationSeconds` (up to 7 days). */
  extendThreadControl(reference: ProactiveReference, durationSeconds: number): Promise<void> {
    return this.core.extendThreadControl(reference, durationSeconds);
  }

  /** Who controls the conversation, as recorded. */
  getThreadControl(reference: ProactiveReference): Promise<ThreadState> {
    return this.core.getThreadControl(reference);
  }

  /** Resolves when every accepted webhook event has finished its turn. */
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

  /**
   * Uploads to Meta's Attachment Upload API for the turn's Page or Instagram account (as
   * `MessengerAdapter`'s `ConnectorFactoryKey` connector does) and answers `{ id }` = the
   * `attachment_id`; send it as an attachment whose `contentUrl` is
   * `${UPLOADED_ATTACHMENT_BASE_URI}v3/attachments/${id}/views/original`. `context.uploadAttachment` calls it.
   */
  async uploadAttachment(context: TurnContext, _conversationId: string, data: AttachmentData): Promise<ResourceResponse> {
    const info = getMessengerTurnInfo(context);
    if (info === undefined) throw notSupported('uploadAttachment', 'call it inside a turn of this adapter');
    return uploadConnectorAttachment(info, this.graph, data);
  }

  /** Messenger has no attachment store: always rejects with `NOT_SUPPORTED`. */
  async getAttachmentInfo(_context: TurnContext, _attachmentId: string): Promise<AttachmentInfo> {
    throw notSupported('getAttachmentInfo', 'inbound media come as attachments with a contentUrl');
  }

  /** Messenger has no attachment store: always rejects with `NOT_SUPPORTED`. */
  async getAttachment(_context: TurnContext, _attachmentId: string, _viewId: string): Promise<NodeJS.ReadableStream> {
    throw notSupported('getAttachment', 'inbound media come as attachments with a contentUrl');
  }

  /** The Agents SDK glue of a turn: an `Activity`, a `TurnContext` with the turn info, through the middleware. */
  private async runTurn(activity: PlainActivity, info: MessengerTurnInfo, logic: AgentLogic, prelude?: TurnPrelude): Promise<void> {
    const context = new MessengerAgentsTurnContext(this, toAgentsActivity(activity)).pinOutgoingChannelIds();
    context.turnState.set(MessengerTurnKey, info);
    setTurnPrelude(context, prelude);
    await this.runMiddleware(context, this.core.logicForBot(logic, info));
  }
}

const noLogic: AgentLogic = async () => {};

function notSupported(method: string, advice: string): MessengerError {
  return new MessengerError('NOT_SUPPORTED', `${method} is not supported by Messenger: ${advice}.`);
}

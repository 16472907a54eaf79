/**
 * Framework-neutral turn shapes. The middleware classes are written against these, not against
 * botbuilder's or the Agents SDK's classes: both frameworks' `TurnContext` fit them structurally, so the
 * same middleware instance type-checks under `MessengerAdapter.use()` and `MessengerAgentsAdapter.use()`
 * with no casts, and neither entry point's published types reach the other framework.
 *
 * @module
 */
import type { PlainActivity } from './activity';

/** A channel account as both frameworks type it (botbuilder requires `id`, the Agents SDK does not). */
export interface TurnChannelAccount {
  id?: string;
  name?: string;
  role?: string;
}

/**
 * An activity as a middleware sees it: the fields both botbuilder's `Activity` and the Agents SDK's
 * `Activity` class have, all optional. Inbound activities and the bot's outgoing ones fit it. It is
 * {@link PlainActivity} with the looser account and timestamp types of the Agents SDK.
 */
export interface TurnActivity
  extends Omit<
    PlainActivity,
    'from' | 'recipient' | 'conversation' | 'timestamp' | 'localTimestamp' | 'membersAdded' | 'membersRemoved' | 'relatesTo' | 'entities'
  > {
  timestamp?: Date | string;
  localTimestamp?: Date | string;
  from?: TurnChannelAccount;
  recipient?: TurnChannelAccount;
  conversation?: { id?: string; isGroup?: boolean; conversationType?: string; name?: string };
  membersAdded?: TurnChannelAccount[];
  membersRemoved?: TurnChannelAccount[];
}

/** What a send resolves with: botbuilder's and the Agents SDK's `ResourceResponse`. */
export interface TurnResourceResponse {
  id: string;
}

/** Per-turn state: botbuilder's and the Agents SDK's `TurnContextStateCollection` (a `Map`). */
export interface TurnStateCollection {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- keys are symbols or strings chosen by each middleware; values are theirs.
  get(key: any): any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above.
  set(key: any, value: any): unknown;
}

/** The minimal turn-context shape this package's send pipeline needs: every turn context fits. */
export interface TurnStateHolder {
  readonly turnState: TurnStateCollection;
  readonly activity: TurnActivity;
}

/** A handler of the turn's outgoing activities, as `TurnContext.onSendActivities` takes it. */
export type TurnSendHandler = (
  context: MessengerTurnContext,
  activities: TurnActivity[],
  next: () => Promise<TurnResourceResponse[]>,
) => Promise<TurnResourceResponse[]>;

/**
 * The turn context the Messenger middleware works with: the part of botbuilder's `TurnContext` and
 * the Agents SDK's `TurnContext` they share. Hooks such as `onHeldMessage` and `onWindowClosed` get
 * the framework's own context object; cast it to your framework's `TurnContext` for more.
 */
export interface MessengerTurnContext extends TurnStateHolder {
  /** Sends one activity (or a text message) through the turn's send handlers. */
  sendActivity(
    activityOrText: string | TurnActivity,
    speak?: string,
    inputHint?: string,
  ): Promise<TurnResourceResponse | undefined>;
  /** Sends several activities in order through the turn's send handlers. */
  sendActivities(activities: TurnActivity[]): Promise<TurnResourceResponse[]>;
  /** Registers a handler that sees (and may change) every outgoing activity of the turn. */
  onSendActivities(handler: TurnSendHandler): unknown;
}

/** A middleware as both frameworks' `use()` takes it. */
export interface MessengerMiddleware {
  /** Runs before the bot logic; call `next()` to continue the turn. */
  onTurn(context: MessengerTurnContext, next: () => Promise<void>): Promise<void>;
}

/**
 * A stored conversation reference of either framework: botbuilder names the Page / IG account `bot`,
 * the Agents SDK names it `agent`. Either works; the conversation id alone is enough too.
 */
export interface ProactiveReference {
  channelId?: string;
  user?: { id?: string } | undefined;
  bot?: { id?: string } | undefined;
  agent?: { id?: string } | null | undefined;
  conversation?: { id?: string } | undefined;
}

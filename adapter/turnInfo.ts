import type { PlainActivity } from './activity';
import type { GraphClient } from './graph/graphClient';
import type { MessengerChannelId } from './platform';
import type { StateStore } from './state/stateStore';
import type { TurnStateHolder } from './turnContext';

export type { TurnStateHolder } from './turnContext';

/**
 * Where the event that started a turn was delivered: `messaging` (this app owns the thread or
 * routing is zero-config), `standby` (another app owns it), `changes` (Page feed / IG comments),
 * or `proactive` (`continueConversation*`, no webhook event).
 */
export type TurnSource = 'messaging' | 'standby' | 'changes' | 'proactive';

/**
 * Messenger facts about the current turn, set by the adapter on every turn (webhook and proactive)
 * under {@link MessengerTurnKey}. Middleware reads it with {@link getMessengerTurnInfo}.
 */
export interface MessengerTurnInfo {
  /** `facebook` (a Page) or `instagram` (an IG professional account). */
  readonly channelId: MessengerChannelId;
  /** Page id or Instagram account id (webhook `entry[].id`). */
  readonly accountId: string;
  /** PSID / IGSID of the person, when the turn concerns one. */
  readonly userId: string | undefined;
  /** `${userId}-${accountId}`, or the account id for account-level events. */
  readonly conversationId: string;
  /** Where the event was delivered. */
  readonly source: TurnSource;
  /** The raw webhook event (never mutated); `undefined` on proactive turns. */
  readonly event: Readonly<Record<string, unknown>> | undefined;
  /** The shared state store of the adapter. */
  readonly store: StateStore;
  /** The adapter's Graph API client. */
  readonly graph: GraphClient;
  /** This app's Meta app id, when configured. */
  readonly appId: string | undefined;
  /**
   * Runs a new turn for a synthesized inbound activity (e.g. a `handoff.status` event) through the
   * same middleware and bot logic, queued behind the current turn of the same conversation. Returns
   * at once; errors of that turn go to `onTurnError`. Do not await that turn from inside this one.
   */
  readonly dispatch: (activity: PlainActivity) => void;
}

/** turnState key of the {@link MessengerTurnInfo}. */
export const MessengerTurnKey: unique symbol = Symbol('botbuilder-adapter-messenger.turnInfo');

/**
 * The {@link MessengerTurnInfo} of a turn, or `undefined` when the turn did not come from a
 * `MessengerAdapter` (e.g. a `TestAdapter`).
 *
 * @example
 * ```ts
 * const info = getMessengerTurnInfo(context);
 * if (info?.channelId === 'instagram') { ... }
 * ```
 */
export function getMessengerTurnInfo(context: TurnStateHolder): MessengerTurnInfo | undefined {
  return context.turnState.get(MessengerTurnKey) as MessengerTurnInfo | undefined;
}

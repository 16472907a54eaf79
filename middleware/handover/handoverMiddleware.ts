/**
 * `HandoverMiddleware`: botbuilder's standard handoff on Messenger and Instagram conversation routing.
 * A thin botbuilder shell around {@link HandoverTurn}.
 *
 * @module
 */
import type { PlainActivity } from '../../adapter/activity';
import { addSendInterceptor } from '../../adapter/sendPipeline';
import type { MessengerTurnContext, TurnActivity, TurnResourceResponse } from '../../adapter/turnContext';
import type { PolicyMiddleware } from '../../adapter/core/policyChain';
import { getMessengerTurnInfo } from '../../adapter/turnInfo';
import {
  grantWhileBotControls,
  type HandoverMiddlewareOptions,
  resolveHandoverPolicy,
} from './handoverOptions';
import { type HandoverHooks, type HandoverPolicy, HandoverTurn } from './handoverTurn';
import { copyWith } from '../../adapter/copyWith';

/**
 * Hands conversations from the bot to people and back, with Meta's conversation routing (thread
 * control), using botbuilder's standard handoff.
 *
 * - The bot's `handoff.initiate` event (`EventFactory.createHandoffInitiation(context, handoffContext,
 *   transcript)`) passes thread control to `targetAppId` (default: the Page Inbox on Messenger, the
 *   Instagram Inbox on Instagram); the handoff context becomes the pass `metadata` (cut to Meta's
 *   limit). The .NET adapter's events `pass_thread_control` (value: app id or `'inbox'`),
 *   `take_thread_control`, `request_thread_control` and `release_thread_control` work too.
 * - The bot receives `handoff.status` events (`value: { state, message }`, like
 *   `EventFactory.createHandoffStatus`): exactly one `accepted` when Graph accepts the pass, `failed`
 *   with the reason in `value.message` when it refuses, `completed` when control comes back (a pass to
 *   this app, this app's take, a release, Meta's 24-hour idle rule). `accepted` also comes when people
 *   take over on their own (a person answers in the Inbox, Meta delivers on standby).
 *   `channelData.trigger` says what happened (see `HandoffTrigger`).
 * - While another app (or a human agent writing through this app) controls the thread, the bot's own
 *   messages are held back: `sendActivity` resolves with `{ id: '' }`, nothing is sent, now or later,
 *   and `onHeldMessage(context, activity)` is called. A 2018300 / 2534037 refusal from Graph is held
 *   the same way and corrects the record. Messages marked as a human agent's
 *   (`channelData.humanAgent === true`, see `asHumanAgent`) are never held.
 * - A person answering from the Page / Instagram Inbox (an echo that this app did not send) makes the
 *   thread theirs, as Meta does. Set the adapter's `appId`: without it this app's echoes are recognised
 *   by the message ids it sent (kept a few minutes in the store) and its app id is learnt from them.
 * - Taking back: `takeBackKeywords`, `takeBackAfterIdleMinutes`; another app's
 *   `request_thread_control` goes to `onThreadControlRequest` (default: granted while the bot has the
 *   thread).
 *
 * Register it before `MessagingWindowMiddleware` and `RateLimitMiddleware`, so held messages are
 * dropped before they are checked or queued. Ownership is kept per conversation in the adapter's
 * `StateStore` (`stateKeys.threadOwner`), shared by every instance of the bot.
 *
 * @example
 * ```ts
 * import { EventFactory } from 'botbuilder';
 * import { HandoverMiddleware, MessengerAdapter } from 'botbuilder-adapter-messenger';
 *
 * adapter.use(new HandoverMiddleware({ takeBackKeywords: ['bot'] }));
 *
 * // in the bot
 * this.onMessage(async (context, next) => {
 *   if (/agent|human/i.test(context.activity.text ?? '')) {
 *     await context.sendActivity('Connecting you with a person...');
 *     await context.sendActivity(EventFactory.createHandoffInitiation(context, { skill: 'billing' }));
 *   }
 *   await next();
 * });
 * this.onEvent(async (context, next) => {
 *   const { name, value } = context.activity;
 *   if (name === 'handoff.status' && value.state === 'completed') await context.sendActivity("I'm back!");
 *   if (name === 'handoff.status' && value.state === 'failed') await context.sendActivity('No agent is free now.');
 *   await next();
 * });
 * ```
 */
export class HandoverMiddleware implements PolicyMiddleware {
  /** Which of the package's policies this is: one runs per adapter, and it replaces the default one. */
  readonly policyKind = 'handover' as const;
  private readonly policy: HandoverPolicy;
  private readonly options: HandoverMiddlewareOptions;
  /** turnState key of the turn made by {@link HandoverMiddleware.startTurn} (one per instance). */
  private readonly startedTurnKey = Symbol('HandoverMiddleware.startedTurn');

  /** @throws MessengerError `CONFIG_INVALID` when an option is wrong. */
  constructor(options: HandoverMiddlewareOptions = {}) {
    this.policy = resolveHandoverPolicy(options);
    this.options = { ...options };
  }

  /**
   * Policy chain: reads the thread owner the turn's inbound activity needs, together with the other
   * policies' turn-start commands (see `PolicyMiddleware.startTurn`).
   */
  startTurn(context: MessengerTurnContext): Promise<void> | undefined {
    const turn = this.newTurn(context);
    if (turn === undefined) return undefined;
    context.turnState.set(this.startedTurnKey, turn);
    return turn.startInbound(context.activity as PlainActivity);
  }

  /** Middleware (botbuilder and Agents SDK): applies the turn's routing facts, then watches the bot's outgoing activities. */
  async onTurn(context: MessengerTurnContext, next: () => Promise<void>): Promise<void> {
    const turn = (context.turnState.get(this.startedTurnKey) as HandoverTurn | undefined) ?? this.newTurn(context);
    // Not a Messenger turn (TestAdapter, another channel), or not about one person (comments, app roles).
    if (turn === undefined) {
      await next();
      return;
    }
    const { presentAsStandby } = await turn.inbound(context.activity as PlainActivity);
    if (presentAsStandby) presentAsStandbyEvent(context.activity);
    addSendInterceptor(context, turn.interceptor);
    context.onSendActivities((_context, activities, sendNext) => routeOutgoing(turn, activities, sendNext));
    await next();
  }

  /** The handover policy of this turn, or `undefined` when the turn is not about one Messenger / Instagram person. */
  private newTurn(context: MessengerTurnContext): HandoverTurn | undefined {
    const info = getMessengerTurnInfo(context);
    if (info === undefined || info.userId === undefined || info.source === 'changes') return undefined;
    return new HandoverTurn(copyWith(info, { userId: info.userId }), this.policy, this.hooks(context));
  }

  private hooks(context: MessengerTurnContext): HandoverHooks {
    const onHeldMessage = this.options.onHeldMessage;
    const onRequest = this.options.onThreadControlRequest ?? grantWhileBotControls;
    return {
      onHeldMessage: async (activity) => {
        if (onHeldMessage) await onHeldMessage(context, activity as TurnActivity);
      },
      onThreadControlRequest: async (request) => onRequest(context, request),
    };
  }
}

/**
 * Runs the outgoing activities one at a time through the rest of the `onSendActivities` chain, so a
 * Graph refusal is tied to the activity that caused it; the array is restored afterwards for the
 * handlers registered before this one (transcript loggers read it).
 */
async function routeOutgoing(
  turn: HandoverTurn,
  activities: TurnActivity[],
  sendNext: () => Promise<TurnResourceResponse[]>,
): Promise<TurnResourceResponse[]> {
  const all = [...activities];
  try {
    return await turn.outgoing(all as PlainActivity[], async (one) => {
      activities.splice(0, activities.length, one as TurnActivity);
      const responses = await sendNext();
      return { id: responses[0]?.id ?? '' };
    });
  } finally {
    activities.splice(0, activities.length, ...all);
  }
}

/**
 * Shows a message that reached this app on `messaging` while another app owns the thread as Meta
 * shows it on standby: an event `messenger.standby` whose `value` is the raw webhook event
 * (`channelData` is kept unchanged), so the bot does not answer it as a message.
 */
function presentAsStandbyEvent(activity: TurnActivity): void {
  activity.type = 'event';
  activity.name = 'messenger.standby';
  activity.value = activity.channelData;
}

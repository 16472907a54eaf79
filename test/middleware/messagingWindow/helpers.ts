/**
 * Test helpers for MessagingWindowMiddleware: a minimal BotAdapter that behaves like
 * MessengerAdapter where the middleware can tell (MessengerTurnInfo in turnState, every Graph send
 * through the turn's SendInterceptors, proactive turns with `source: 'proactive'`), and builders of
 * realistic webhook events.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Activity,
  ActivityEx,
  BotAdapter,
  type ConversationReference,
  type ResourceResponse,
  TurnContext,
} from 'botbuilder';
import { MessengerError } from '../../../adapter/errors';
import { conversationIdOf, type MessengerChannelId, parseConversationId } from '../../../adapter/platform';
import {
  getSendInterceptors,
  runSendPipeline,
  type SendApiBody,
  type SendOperation,
  type SendResult,
} from '../../../adapter/sendPipeline';
import { MemoryStateStore } from '../../../adapter/state/memoryStateStore';
import type { StateStore } from '../../../adapter/state/stateStore';
import { type MessengerTurnInfo, MessengerTurnKey, type TurnSource } from '../../../adapter/turnInfo';

export const PAGE_ID = '370873143344730';
export const PSID = '6780462125377510';
export const IG_ACCOUNT_ID = '17841400123456789';
export const IGSID = '7190835724411234';

/** 2026-07-01T08:20:01Z, a realistic webhook timestamp (epoch ms). */
export const T0 = 1_782_894_001_000;
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** The Page / IG account and the user of a channel. */
export function accountOf(channelId: MessengerChannelId): { accountId: string; userId: string } {
  return channelId === 'instagram'
    ? { accountId: IG_ACCOUNT_ID, userId: IGSID }
    : { accountId: PAGE_ID, userId: PSID };
}

/** The conversation id of the test user on `channelId`. */
export function conversationOf(channelId: MessengerChannelId): string {
  const { accountId, userId } = accountOf(channelId);
  return conversationIdOf(userId, accountId);
}

let counter = 0;
function mid(channelId: MessengerChannelId): string {
  counter++;
  return channelId === 'instagram'
    ? `aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAxMjM0NTY3ODk6MzQw${counter}ZDZD`
    : `m_hBTPJeFzheVQ_Y1c8V7hI0FXJlTXfSRBUBuJJfWLp5xXcEL9MtbFck${counter}`;
}

type RawEvent = Record<string, unknown>;
type Logic = (context: TurnContext) => Promise<void>;
/** botbuilder's ClaimsIdentity, as the proactive overloads take it. */
type ClaimsIdentity = Exclude<Parameters<BotAdapter['continueConversationAsync']>[0], string>;

function fromUser(channelId: MessengerChannelId, timestamp: number, body: RawEvent): RawEvent {
  const { accountId, userId } = accountOf(channelId);
  return { sender: { id: userId }, recipient: { id: accountId }, timestamp, ...body };
}

/** Graph's answer (HTTP 400) when Meta refuses a message as outside the window (10/2018278), as Meta sends it. */
export const WINDOW_REFUSAL_BODY = {
  error: {
    message: '(#10) This message is sent outside of allowed window.',
    type: 'OAuthException',
    code: 10,
    error_subcode: 2018278,
    fbtrace_id: 'AbC123xYz',
  },
} as const;

/** Realistic webhook events (snake_case, string ids, ms timestamps), as Meta sends them. */
export const events = {
  text: (
    channelId: MessengerChannelId,
    timestamp: number,
    text = 'Hi, is the linen shirt still in stock?',
  ): RawEvent => fromUser(channelId, timestamp, { message: { mid: mid(channelId), text } }),
  quickReply: (channelId: MessengerChannelId, timestamp: number): RawEvent =>
    fromUser(channelId, timestamp, {
      message: { mid: mid(channelId), text: 'Red', quick_reply: { payload: 'PICK_RED' } },
    }),
  postback: (channelId: MessengerChannelId, timestamp: number): RawEvent =>
    fromUser(channelId, timestamp, {
      postback: { title: 'Get Started', payload: 'GET_STARTED', mid: mid(channelId) },
    }),
  referral: (channelId: MessengerChannelId, timestamp: number): RawEvent =>
    fromUser(channelId, timestamp, {
      referral: { ref: 'promo42', source: 'SHORTLINK', type: 'OPEN_THREAD' },
    }),
  reaction: (
    channelId: MessengerChannelId,
    timestamp: number,
    action: 'react' | 'unreact' = 'react',
  ): RawEvent =>
    fromUser(channelId, timestamp, {
      reaction: {
        mid: mid(channelId),
        action,
        ...(action === 'react' ? { reaction: 'love', emoji: '\u2764' } : {}),
      },
    }),
  marketingOptin: (channelId: MessengerChannelId, timestamp: number): RawEvent =>
    fromUser(channelId, timestamp, {
      optin: {
        type: 'notification_messages',
        payload: 'WEEKLY_DEALS',
        notification_messages_token: '7126934876385983477',
        notification_messages_timezone: 'Europe/Berlin',
        token_expiry_timestamp: 1_790_643_600_000,
        user_token_status: 'NOT_REFRESHED',
        title: 'Weekly deals',
      },
    }),
  echo: (channelId: MessengerChannelId, timestamp: number): RawEvent => {
    const { accountId, userId } = accountOf(channelId);
    return {
      sender: { id: accountId },
      recipient: { id: userId },
      timestamp,
      message: {
        mid: mid(channelId),
        is_echo: true,
        app_id: 1517776481860111,
        text: 'Thanks, an agent will reply.',
      },
    };
  },
  delivery: (channelId: MessengerChannelId, timestamp: number): RawEvent =>
    fromUser(channelId, timestamp, { delivery: { mids: [mid(channelId)], watermark: timestamp - 500 } }),
  read: (channelId: MessengerChannelId, timestamp: number): RawEvent =>
    fromUser(channelId, timestamp, { read: { watermark: timestamp - 500 } }),
};

/** A webhook fixture of test/fixtures: the first event of its first entry, and where it was delivered. */
export function fixtureEvent(path: string): {
  source: TurnSource;
  event: RawEvent;
  channelId: MessengerChannelId;
} {
  const body = JSON.parse(readFileSync(join(__dirname, '../../fixtures', path), 'utf8')) as {
    object: string;
    entry: Array<Record<string, RawEvent[] | undefined>>;
  };
  const entry = body.entry[0] ?? {};
  const channelId: MessengerChannelId = body.object === 'instagram' ? 'instagram' : 'facebook';
  for (const source of ['messaging', 'standby', 'changes'] as const) {
    const event = entry[source]?.[0];
    if (event) return { source, event, channelId };
  }
  throw new Error(`fixture ${path} has no event`);
}

/** The outcome of a send in a test turn. */
export interface SendOutcome {
  responses?: ResourceResponse[];
  error?: unknown;
}

/** Options of a test turn. */
export interface TurnOptions {
  /** Where the event was delivered. Default `messaging`. */
  source?: TurnSource;
  /** Runs inside the turn before the bot sends (e.g. `clock.tickAsync(...)`). */
  before?: () => Promise<unknown>;
}

/**
 * A BotAdapter that, like MessengerAdapter, sets MessengerTurnInfo on every turn and runs each Graph
 * send through the turn's SendInterceptors. Graph is a recorder: {@link calls} holds every body
 * that reached it; {@link failWith} makes the next sends fail.
 */
export class FakeMessengerAdapter extends BotAdapter {
  readonly store: StateStore;
  /** Every Send API call that reached "Graph", in order. */
  readonly calls: SendOperation[] = [];
  /** When set, "Graph" throws what it returns (if anything) for a call. */
  failWith: ((op: SendOperation) => Error | undefined) | undefined;
  /** False to send without the turn's SendInterceptors (an adapter that has no send pipeline). */
  runInterceptors = true;
  private messageCounter = 0;

  constructor(
    readonly channelId: MessengerChannelId = 'facebook',
    store?: StateStore,
  ) {
    super();
    this.store = store ?? new MemoryStateStore();
  }

  /** The stored conversation reference of the test user (as a bot would keep it). */
  get reference(): Partial<ConversationReference> {
    const { accountId, userId } = accountOf(this.channelId);
    return {
      channelId: this.channelId,
      serviceUrl: 'https://graph.facebook.com',
      conversation: {
        id: conversationIdOf(userId, accountId),
        isGroup: false,
        conversationType: 'personal',
        name: '',
      },
      user: { id: userId, name: '' },
      bot: { id: accountId, name: '' },
    };
  }

  /** Runs a turn for a webhook event, with `logic` as the bot. */
  async receive(
    event: RawEvent,
    logic: (context: TurnContext) => Promise<void>,
    source: TurnSource = 'messaging',
  ): Promise<void> {
    const { accountId, userId } = accountOf(this.channelId);
    const activity = toActivity(this.channelId, event, source);
    const context = new TurnContext(this, activity);
    context.turnState.set(MessengerTurnKey, this.turnInfo(source, event, userId, accountId));
    await this.runMiddleware(context, logic);
  }

  /** A turn for `event` in which the bot does nothing (records the interaction). */
  userDoes(event: RawEvent, source: TurnSource = 'messaging'): Promise<void> {
    return this.receive(event, async () => {}, source);
  }

  /** A turn for `event` in which the bot replies with `activities`; resolves what the send did. */
  async reply(
    event: RawEvent,
    activities: Partial<Activity>[],
    options: TurnOptions = {},
  ): Promise<SendOutcome> {
    const outcome: SendOutcome = {};
    await this.receive(
      event,
      async (context) => {
        await options.before?.();
        await send(context, activities, outcome);
      },
      options.source ?? 'messaging',
    );
    return outcome;
  }

  /** A proactive turn (`continueConversationAsync`) that sends `activities`. */
  async proactive(
    activities: Partial<Activity>[],
    options: Pick<TurnOptions, 'before'> = {},
  ): Promise<SendOutcome> {
    const outcome: SendOutcome = {};
    await this.continueConversationAsync('', this.reference, async (context) => {
      await options.before?.();
      await send(context, activities, outcome);
    });
    return outcome;
  }

  override async sendActivities(
    context: TurnContext,
    activities: Partial<Activity>[],
  ): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      if (activity.type !== 'message' && activity.type !== 'typing') {
        responses.push({ id: '' });
        continue;
      }
      const userId = activity.recipient?.id ?? '';
      const accountId = activity.from?.id ?? '';
      const channelData = (activity.channelData ?? {}) as Record<string, unknown>;
      const body: SendApiBody =
        activity.type === 'typing'
          ? { recipient: { id: userId }, sender_action: 'typing_on' }
          : {
              recipient: { id: userId },
              ...(channelData.messaging_type !== undefined
                ? { messaging_type: channelData.messaging_type as 'UPDATE' }
                : {}),
              ...(typeof channelData.tag === 'string' ? { tag: channelData.tag } : {}),
              message: { text: activity.text ?? '' },
            };
      const op: SendOperation = {
        kind: activity.type === 'typing' ? 'sender_action' : 'message',
        channelId: activity.channelId as MessengerChannelId,
        accountId,
        userId,
        conversationId: conversationIdOf(userId, accountId),
        budget: 'text',
        body,
      };
      const interceptors = this.runInterceptors ? getSendInterceptors(context) : [];
      const result = await runSendPipeline(interceptors, op, (current) => this.graphSend(current));
      responses.push({ id: result.messageId ?? '' });
    }
    return responses;
  }

  override async updateActivity(): Promise<void> {
    throw new MessengerError('NOT_SUPPORTED', 'updateActivity is not supported by Messenger.');
  }

  override async deleteActivity(): Promise<void> {
    throw new MessengerError('NOT_SUPPORTED', 'deleteActivity is not supported by Messenger.');
  }

  override async continueConversation(
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const parsed = parseConversationId(reference.conversation?.id ?? '');
    if (!parsed) throw new Error('test reference without conversation id');
    const activity = ActivityEx.getContinuationActivity(reference);
    const context = new TurnContext(this, activity);
    context.turnState.set(
      MessengerTurnKey,
      this.turnInfo('proactive', undefined, parsed.userId, parsed.accountId),
    );
    await this.runMiddleware(context, logic);
  }

  override continueConversationAsync(
    botAppId: string,
    reference: Partial<ConversationReference>,
    logic: Logic,
  ): Promise<void>;
  override continueConversationAsync(
    claims: ClaimsIdentity,
    reference: Partial<ConversationReference>,
    logic: Logic,
  ): Promise<void>;
  override continueConversationAsync(
    claims: ClaimsIdentity,
    reference: Partial<ConversationReference>,
    audience: string,
    logic: Logic,
  ): Promise<void>;
  override async continueConversationAsync(
    _botAppIdOrClaims: string | ClaimsIdentity,
    reference: Partial<ConversationReference>,
    logicOrAudience: Logic | string,
    maybeLogic?: Logic,
  ): Promise<void> {
    const logic = typeof logicOrAudience === 'function' ? logicOrAudience : maybeLogic;
    if (!logic) throw new Error('test continueConversationAsync without logic');
    await this.continueConversation(reference, logic);
  }

  private async graphSend(op: SendOperation): Promise<SendResult> {
    const failure = this.failWith?.(op);
    if (failure) throw failure;
    this.calls.push(op);
    this.messageCounter++;
    return op.kind === 'message'
      ? { messageId: `m_sent_${this.messageCounter}`, recipientId: op.userId }
      : {};
  }

  private turnInfo(
    source: TurnSource,
    event: RawEvent | undefined,
    userId: string,
    accountId: string,
  ): MessengerTurnInfo {
    return {
      channelId: this.channelId,
      accountId,
      userId,
      conversationId: conversationIdOf(userId, accountId),
      source,
      event,
      store: this.store,
      graph: {} as MessengerTurnInfo['graph'],
      appId: '1517776481860111',
      dispatch: () => {},
    };
  }
}

async function send(
  context: TurnContext,
  activities: Partial<Activity>[],
  outcome: SendOutcome,
): Promise<void> {
  try {
    outcome.responses = await context.sendActivities(activities);
  } catch (error) {
    outcome.error = error;
  }
}

/** A small version of the contract's inbound table, enough for these tests. */
function toActivity(channelId: MessengerChannelId, event: RawEvent, source: TurnSource): Partial<Activity> {
  const { accountId, userId } = accountOf(channelId);
  const base: Partial<Activity> = {
    channelId,
    serviceUrl: 'https://graph.facebook.com',
    from: { id: userId, name: '' },
    recipient: { id: accountId, name: '' },
    conversation: {
      id: conversationIdOf(userId, accountId),
      isGroup: false,
      conversationType: 'personal',
      name: '',
    },
    timestamp: new Date(typeof event.timestamp === 'number' ? event.timestamp : 0),
    channelData: event,
  };
  if (source === 'standby') return { ...base, type: 'event', name: 'messenger.standby', value: event };
  const message = event.message as Record<string, unknown> | undefined;
  if (message && message.is_echo === true) {
    return {
      ...base,
      type: 'event',
      name: 'messenger.echo',
      from: base.recipient,
      recipient: base.from,
    } as Partial<Activity>;
  }
  if (message) return { ...base, type: 'message', text: String(message.text ?? '') };
  if (event.postback)
    return { ...base, type: 'message', text: String((event.postback as RawEvent).payload ?? '') };
  if (event.reaction) return { ...base, type: 'messageReaction' };
  const name = event.delivery
    ? 'messenger.delivery'
    : event.read
      ? 'messenger.read'
      : event.referral
        ? 'messenger.referral'
        : 'messenger.optin';
  return { ...base, type: 'event', name };
}

/** A plain bot message. */
export function botMessage(text = 'Your order has shipped.'): Partial<Activity> {
  return { type: 'message', text };
}

/** A message a human agent wrote (`channelData.humanAgent`). */
export function agentMessage(text = 'Hi, it is Ana from support.'): Partial<Activity> {
  return { type: 'message', text, channelData: { humanAgent: true } };
}

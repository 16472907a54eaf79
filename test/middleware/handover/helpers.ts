/**
 * Test harness for HandoverMiddleware: a real MessengerAdapter (signed webhooks in, Graph out through
 * nock), a bot that answers everything it can, and builders of realistic webhook events
 * (snake_case, string ids, ms timestamps) as Meta sends them.
 */
import { EventFactory, type TurnContext } from 'botbuilder';
import type { TurnActivity } from '../../../adapter/turnContext';
import nock from 'nock';
import { MessengerAdapter } from '../../../adapter/messengerAdapter';
import { conversationIdOf, type MessengerChannelId } from '../../../adapter/platform';
import { MemoryStateStore } from '../../../adapter/state/memoryStateStore';
import { HandoverMiddleware, type HandoverMiddlewareOptions } from '../../../middleware/handover';
import { type HandoverRecord, readHandoverRecord } from '../../../adapter/handover/threadOwnership';
import { fakeResponse, signedPost, TEST_APP_SECRET, TEST_VERIFY_TOKEN } from '../../helpers/webhookRequests';

export const GRAPH = 'https://graph.test';
export const OUR_APP_ID = '1517776481860111';
export const CC_APP_ID = '987654321098765';
export const PAGE_INBOX = '263902037430900';
export const IG_INBOX = '1217981644879628';

export const PAGE_ID = '370873143344730';
export const PAGE_ID_2 = '404217156637689';
export const USER_ID = '6780462125377510';
export const USER_ID_2 = '1423587017700273';
export const IG_ACCOUNT_ID = '17841405822304914';
export const IG_USER_ID = '1254459154682919';

/** 2026-07-01T08:20:01Z. */
export const T0 = 1_782_894_001_000;
export const MINUTE = 60_000;

type RawEvent = Record<string, unknown>;

/** A person on a Page or Instagram account. */
export interface Party {
  channelId: MessengerChannelId;
  accountId: string;
  userId: string;
}

export const FB: Party = { channelId: 'facebook', accountId: PAGE_ID, userId: USER_ID };
export const FB2: Party = { channelId: 'facebook', accountId: PAGE_ID_2, userId: USER_ID_2 };
export const IG: Party = { channelId: 'instagram', accountId: IG_ACCOUNT_ID, userId: IG_USER_ID };

export function conversationOf(party: Party): string {
  return conversationIdOf(party.userId, party.accountId);
}

let counter = 0;
function nextMid(party: Party): string {
  counter++;
  return party.channelId === 'instagram'
    ? `aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDA1ODIyMzA0OTE0OjM0M${counter}ZDZD`
    : `m_EYIjld_07gZyN02MY6vztOXzGkvslWQkbqadVHtQ${counter}-MRw2PakktSufK_6Pz_0PTnbOC72fWaxZLT`;
}

function fromUser(party: Party, timestamp: number, body: RawEvent): RawEvent {
  return { sender: { id: party.userId }, recipient: { id: party.accountId }, timestamp, ...body };
}

/** Webhook events as Meta sends them. */
export const events = {
  text: (party: Party, timestamp: number, text: string): RawEvent =>
    fromUser(party, timestamp, { message: { mid: nextMid(party), text } }),
  quickReply: (party: Party, timestamp: number, text: string, payload: string): RawEvent =>
    fromUser(party, timestamp, { message: { mid: nextMid(party), text, quick_reply: { payload } } }),
  read: (party: Party, timestamp: number): RawEvent =>
    fromUser(party, timestamp, { read: { watermark: timestamp - 1 } }),
  /** A message the Page sent (`app_id` absent for native clients and on Instagram). */
  echo: (
    party: Party,
    timestamp: number,
    text: string,
    appId?: string | number,
    mid = nextMid(party),
  ): RawEvent => ({
    sender: { id: party.accountId },
    recipient: { id: party.userId },
    timestamp,
    message: { is_echo: true, ...(appId !== undefined ? { app_id: appId } : {}), mid, text },
  }),
  pass: (
    party: Party,
    timestamp: number,
    previous: string | null,
    next: string,
    metadata?: string,
  ): RawEvent =>
    fromUser(party, timestamp, {
      pass_thread_control: {
        previous_owner_app_id: previous,
        new_owner_app_id: next,
        ...(metadata !== undefined ? { metadata } : {}),
      },
    }),
  take: (party: Party, timestamp: number, previous: string, next: string, metadata?: string): RawEvent =>
    fromUser(party, timestamp, {
      take_thread_control: {
        previous_owner_app_id: previous,
        new_owner_app_id: next,
        ...(metadata !== undefined ? { metadata } : {}),
      },
    }),
  request: (party: Party, timestamp: number, requester: string | number, metadata?: string): RawEvent =>
    fromUser(party, timestamp, {
      request_thread_control: {
        requested_owner_app_id: requester,
        ...(metadata !== undefined ? { metadata } : {}),
      },
    }),
  release: (party: Party, timestamp: number, newOwner: string, metadata?: string): RawEvent =>
    fromUser(party, timestamp, {
      release_thread_control: { new_owner_app_id: newOwner, ...(metadata !== undefined ? { metadata } : {}) },
    }),
};

/** An envelope with one entry for `party`'s account. */
export function envelopeOf(party: Party, lists: { messaging?: RawEvent[]; standby?: RawEvent[] }): RawEvent {
  return {
    object: party.channelId === 'instagram' ? 'instagram' : 'page',
    entry: [{ id: party.accountId, time: T0, ...lists }],
  };
}

/** One Graph call the adapter made. */
export interface GraphCall {
  path: string;
  body: Record<string, unknown>;
}

/** A Graph error envelope as Meta sends it. */
export function graphError(code: number, message: string, subcode?: number): Record<string, unknown> {
  return {
    error: {
      message,
      type: 'OAuthException',
      code,
      ...(subcode !== undefined ? { error_subcode: subcode } : {}),
      fbtrace_id: 'AbCdEfGhIjK',
    },
  };
}

/** 2018300 as Graph answers a Send API call on a thread another app controls. */
export const NOT_OWNER_SEND = graphError(
  10,
  '(#10) Message failed to send because another app is controlling this thread now.',
  2018300,
);

/**
 * Records every `POST /v25.0/me/<edge>` and answers it: `{ recipient_id, message_id }` for messages,
 * `{ success: true }` for thread control, or a scripted failure.
 */
export class FakeGraph {
  readonly calls: GraphCall[] = [];
  private readonly failures: { edge: string; status: number; body: Record<string, unknown> }[] = [];
  private sent = 0;

  constructor() {
    nock(GRAPH)
      .persist()
      .post(/^\/v25\.0\/me\/[a-z_]+/)
      .query(true)
      .reply((uri, body) => {
        const path = uri.replace(/^\/v25\.0/, '').replace(/\?.*$/, '');
        this.calls.push({ path, body: body as Record<string, unknown> });
        const index = this.failures.findIndex((failure) => path === `/me/${failure.edge}`);
        if (index >= 0) {
          const [failure] = this.failures.splice(index, 1);
          return [failure!.status, failure!.body];
        }
        if (path === '/me/messages') {
          const recipient = (body as { recipient: { id: string } }).recipient.id;
          if ((body as { sender_action?: string }).sender_action) return [200, { recipient_id: recipient }];
          this.sent++;
          return [200, { recipient_id: recipient, message_id: `m_sent_${this.sent}` }];
        }
        return [200, { success: true }];
      });
  }

  /** The next call to `/me/<edge>` fails with `body`. */
  failNext(edge: string, body: Record<string, unknown>, status = 400): void {
    this.failures.push({ edge, status, body });
  }

  /** Bodies of the Send API calls, in order. */
  messages(): Record<string, unknown>[] {
    return this.calls.filter((call) => call.path === '/me/messages').map((call) => call.body);
  }

  /** Texts of the messages sent, in order. */
  texts(): string[] {
    return this.messages().map((body) => String((body.message as { text?: string } | undefined)?.text));
  }
}

/** What the bot saw. */
export interface Seen {
  type: string | undefined;
  name: string | undefined;
  text: string | undefined;
  value: unknown;
  channelData: unknown;
  conversationId: string | undefined;
}

/** The default bot: asks for an agent on "agent", answers every message, standby event and status. */
export async function answeringBot(context: TurnContext): Promise<void> {
  const activity = context.activity;
  if (activity.type === 'message') {
    if (/\bagent\b/i.test(activity.text ?? '')) {
      await context.sendActivity('Connecting you with a person.');
      await context.sendActivity(
        EventFactory.createHandoffInitiation(context, { skill: 'billing', vip: true }),
      );
      return;
    }
    await context.sendActivity(`You said: ${activity.text}`);
    return;
  }
  if (activity.type === 'event' && activity.name === 'messenger.standby') {
    await context.sendActivity('I can answer that too!');
    return;
  }
  if (activity.type === 'event' && activity.name === 'handoff.status') {
    await context.sendActivity(`Handoff ${(activity.value as { state: string }).state}.`);
  }
}

/** Options of {@link createHarness}. */
export interface HarnessOptions {
  /** The adapter's `appId`; default {@link OUR_APP_ID}; `null` for none. */
  appId?: string | null;
  middleware?: HandoverMiddlewareOptions;
  bot?: (context: TurnContext) => Promise<void>;
}

/** A MessengerAdapter with HandoverMiddleware, a recording bot and a fake Graph. */
export class Harness {
  readonly adapter: MessengerAdapter;
  readonly store = new MemoryStateStore();
  readonly graph = new FakeGraph();
  readonly seen: Seen[] = [];
  readonly held: TurnActivity[] = [];
  readonly errors: unknown[] = [];
  /** The middleware's clock. */
  now = T0;
  private readonly bot: (context: TurnContext) => Promise<void>;

  constructor(options: HarnessOptions = {}) {
    const appId = options.appId === undefined ? OUR_APP_ID : options.appId;
    this.adapter = new MessengerAdapter({
      appSecret: TEST_APP_SECRET,
      verifyToken: TEST_VERIFY_TOKEN,
      accessToken: 'page-token',
      graphApiUrl: GRAPH,
      store: this.store,
      ...(appId !== null ? { appId } : {}),
      logger: { error: () => {} },
    });
    this.adapter.onTurnError = async (_context, error) => {
      this.errors.push(error);
    };
    this.adapter.use(
      new HandoverMiddleware({
        now: () => this.now,
        ...options.middleware,
        onHeldMessage: async (context, activity) => {
          this.held.push(activity);
          await options.middleware?.onHeldMessage?.(context, activity);
        },
      }),
    );
    this.bot = options.bot ?? answeringBot;
  }

  /** The bot logic: records, then runs the bot. */
  readonly logic = async (context: TurnContext): Promise<void> => {
    const activity = context.activity;
    this.seen.push({
      type: activity.type,
      name: activity.name,
      text: activity.text,
      value: activity.value,
      channelData: activity.name === 'handoff.status' ? activity.channelData : undefined,
      conversationId: activity.conversation?.id,
    });
    await this.bot(context);
  };

  /** POSTs a signed webhook and waits for every turn (follow-up turns included). */
  async post(envelope: RawEvent): Promise<void> {
    const { req } = signedPost(envelope);
    const res = fakeResponse();
    await this.adapter.process(req, res, this.logic);
    await this.adapter.whenIdle();
    if (res.statusCode !== 200) throw new Error(`webhook answered ${res.statusCode}: ${res.body}`);
  }

  /** POSTs `messaging` events of `party`. */
  messaging(party: Party, ...list: RawEvent[]): Promise<void> {
    return this.post(envelopeOf(party, { messaging: list }));
  }

  /** POSTs `standby` events of `party`. */
  standby(party: Party, ...list: RawEvent[]): Promise<void> {
    return this.post(envelopeOf(party, { standby: list }));
  }

  /** Runs `logic` in a proactive turn of `party`'s conversation (as a stored reference would). */
  proactive(party: Party, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const reference = {
      channelId: party.channelId,
      conversation: { id: conversationOf(party), isGroup: false, conversationType: 'personal', name: '' },
      bot: { id: party.accountId, name: 'Page' },
      user: { id: party.userId, name: 'User' },
      serviceUrl: GRAPH,
    };
    return this.adapter.continueConversationAsync('', reference, logic);
  }

  /** The `handoff.status` events the bot received (value and channelData). */
  statuses(conversationId?: string): { value: unknown; channelData: unknown }[] {
    return this.seen
      .filter((seen) => seen.name === 'handoff.status')
      .filter((seen) => conversationId === undefined || seen.conversationId === conversationId)
      .map((seen) => ({ value: seen.value, channelData: seen.channelData }));
  }

  /** Names / types of what the bot saw, in order. */
  kinds(): string[] {
    return this.seen.map((seen) => (seen.type === 'event' ? `event:${seen.name}` : String(seen.type)));
  }

  record(party: Party): Promise<HandoverRecord | undefined> {
    return readHandoverRecord(this.store, conversationOf(party));
  }

  heldTexts(): (string | undefined)[] {
    return this.held.map((activity) => activity.text);
  }

  async close(): Promise<void> {
    await this.adapter.close();
    this.store.close();
  }
}

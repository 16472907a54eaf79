/**
 * Harness of the two-instance tests (issue #10): two `MessengerAdapter`s in one process, `A` and `B`,
 * standing for two instances of one bot behind a load balancer. Each has its own store object (two
 * `RedisStateStore`s on one Redis and one key prefix, or one shared `MemoryStateStore`) and the full
 * middleware stack; Graph is nock'd at a fake `https://graph.test` and tells the instances apart by
 * their Page tokens. Webhooks come in signed, as Meta sends them.
 */
import { randomUUID } from 'node:crypto';
import { type Activity, type ConversationReference, EventFactory, TurnContext } from 'botbuilder';
import Redis from 'ioredis';
import nock from 'nock';
import { MessengerAdapter } from '../../adapter/messengerAdapter';
import { MemoryStateStore } from '../../adapter/state/memoryStateStore';
import { RedisStateStore } from '../../adapter/state/redisStateStore';
import type { StateStore } from '../../adapter/state/stateStore';
import { AttachmentMiddleware } from '../../middleware/attachments';
import { HandoverMiddleware } from '../../middleware/handover';
import { MessagingWindowMiddleware } from '../../middleware/messagingWindow';
import { isRedisCommandStore, RateLimitMiddleware, type RateLimitOptions } from '../../middleware/rateLimit';
import {
  fakeResponse,
  metaJson,
  type RecordedResponse,
  signedPost,
  TEST_APP_SECRET,
  TEST_VERIFY_TOKEN,
} from '../helpers/webhookRequests';
import { REDIS_URL, requireRedis } from '../helpers/liveRedis';

export const GRAPH = 'https://graph.test';
/** This bot's Meta app id (both instances are the same app). */
export const OUR_APP_ID = '1517776481860111';
export const PAGE_INBOX = '263902037430900';
export const PAGE_ID = '370873143344730';
export const USER_ID = '6780462125377510';
export const USER_ID_2 = '1423587017700273';
export const HOUR = 60 * 60 * 1000;

/** `REDIS_URL` as CI sets it; the two-instance tests against Redis are pending without it. */
export { REDIS_URL };
/** Appended to the title of a suite that needs a live Redis, when there is none. */
export const NEEDS_REDIS = REDIS_URL === undefined ? ' (needs REDIS_URL)' : '';

/** `url` with db 15 when it names no database (test keys stay out of db 0). */
export function onTestDb(url: string): string {
  const parsed = new URL(url);
  if (parsed.pathname === '' || parsed.pathname === '/') parsed.pathname = '/15';
  return parsed.toString();
}

/** The Redis the tests use, or '' without `REDIS_URL` (the suites are skipped then). */
export const TEST_REDIS_URL = REDIS_URL === undefined ? '' : onTestDb(REDIS_URL);

/** One random prefix per test run; each scenario takes a sub-prefix that both instances share. */
export const RUN_PREFIX = `test:multi:${randomUUID().slice(0, 8)}:`;
let prefixCount = 0;

/** A fresh prefix under {@link RUN_PREFIX}, for one scenario. */
export function nextPrefix(): string {
  prefixCount += 1;
  return `${RUN_PREFIX}${prefixCount}:`;
}

/** Deletes every key this test run wrote (all files share {@link RUN_PREFIX}). */
export async function deleteRunKeys(): Promise<void> {
  if (REDIS_URL === undefined) return;
  const raw = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await raw.connect();
    let cursor = '0';
    do {
      const [next, keys] = await raw.scan(cursor, 'MATCH', `${RUN_PREFIX}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await raw.del(...keys);
    } while (cursor !== '0');
  } finally {
    raw.disconnect();
  }
}

/** Where the two instances keep their state. */
export interface Backing {
  readonly title: string;
  /** Needs a live Redis (`REDIS_URL`). */
  readonly redis: boolean;
  /** Two store objects over the same state, one per instance. */
  open(): { a: StateStore; b: StateStore; prefix: string };
  /** Closes what {@link Backing.open} opened. */
  close(): Promise<void>;
}

/** Two `RedisStateStore`s (two connections) on one Redis, sharing one fresh prefix. */
export function redisBacking(): Backing {
  let opened: RedisStateStore[] = [];
  return {
    title: `two RedisStateStores on one Redis${NEEDS_REDIS}`,
    redis: true,
    open() {
      const prefix = nextPrefix();
      opened = [
        new RedisStateStore({ url: TEST_REDIS_URL, prefix }),
        new RedisStateStore({ url: TEST_REDIS_URL, prefix }),
      ];
      return { a: opened[0] as RedisStateStore, b: opened[1] as RedisStateStore, prefix };
    },
    async close() {
      await Promise.all(opened.map((store) => store.close()));
      opened = [];
    },
  };
}

/** One `MemoryStateStore` passed to both adapters (runs without Redis). */
export function sharedMemoryBacking(): Backing {
  let store: MemoryStateStore | undefined;
  return {
    title: 'one MemoryStateStore passed to both',
    redis: false,
    open() {
      store = new MemoryStateStore();
      return { a: store, b: store, prefix: '' };
    },
    async close() {
      store?.close();
      store = undefined;
    },
  };
}

/** The backings every shared-state scenario runs on. */
export function backings(): Backing[] {
  return [redisBacking(), sharedMemoryBacking()];
}

/** One Graph call as Graph saw it. */
export interface GraphCall {
  /** The instance whose Page token made the call. */
  readonly instance: string;
  /** `/me/<edge>`. */
  readonly path: string;
  /** JSON body, or `{ multipart: true }` for an upload of bytes. */
  readonly body: Record<string, unknown>;
  /** `Date.now()` when Graph got it. */
  readonly at: number;
}

/**
 * The fake Graph API: answers every `POST /v27.0/me/<edge>` (`message_id`s for messages,
 * `attachment_id`s for uploads, `{ success: true }` for thread control) and records it.
 */
export class FakeGraph {
  readonly calls: GraphCall[] = [];
  private messages = 0;
  private uploads = 0;

  constructor() {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- nock binds its own `this` in reply().
    const graph = this;
    nock(GRAPH)
      .persist()
      .post(/^\/v27\.0\/me\/[a-z_]+/)
      .query(true)
      .reply(function (uri, body) {
        const path = uri.replace(/^\/v27\.0/, '').replace(/\?.*$/, '');
        const token = String(this.req.headers.authorization ?? '').replace(/^Bearer page-token-/, '');
        const contentType = String(this.req.headers['content-type'] ?? '');
        const parsed = contentType.startsWith('multipart/')
          ? { multipart: true }
          : ((typeof body === 'string' ? JSON.parse(body) : body) as Record<string, unknown>);
        graph.calls.push({ instance: token, path, body: parsed, at: Date.now() });
        if (path === '/me/messages') {
          const recipient = (parsed as { recipient?: { id?: string } }).recipient?.id;
          if ((parsed as { sender_action?: string }).sender_action) return [200, { recipient_id: recipient }];
          graph.messages += 1;
          return [200, { recipient_id: recipient, message_id: `m_sent_${graph.messages}` }];
        }
        if (path === '/me/message_attachments') {
          graph.uploads += 1;
          return [200, { attachment_id: `90000000000000${graph.uploads}` }];
        }
        return [200, { success: true }];
      });
  }

  /** Send API calls with a message (not sender actions), in order. */
  sends(): GraphCall[] {
    return this.calls.filter((call) => call.path === '/me/messages' && call.body.message !== undefined);
  }

  /** `[instance, text]` of every message sent. */
  texts(): [string, string][] {
    return this.sends().map((call) => [
      call.instance,
      String((call.body.message as { text?: unknown }).text),
    ]);
  }

  /** Calls to `/me/<edge>`. */
  to(edge: string): GraphCall[] {
    return this.calls.filter((call) => call.path === `/me/${edge}`);
  }
}

/** What the bot of an instance saw in a turn. */
export interface Seen {
  readonly type: string | undefined;
  readonly name: string | undefined;
  readonly text: string | undefined;
  readonly value: unknown;
}

/**
 * A plain bot: "agent" hands the person over (botbuilder's standard handoff), any other message is
 * echoed, and (like a naive bot) it also answers what arrives on standby.
 */
export async function answeringBot(context: TurnContext): Promise<void> {
  const activity = context.activity;
  if (activity.type === 'message') {
    if (/\bagent\b/i.test(activity.text ?? '')) {
      await context.sendActivity('Connecting you with a person.');
      await context.sendActivity(EventFactory.createHandoffInitiation(context, { skill: 'billing' }));
      return;
    }
    await context.sendActivity(`You said: ${activity.text}`);
    return;
  }
  if (activity.type === 'event' && activity.name === 'messenger.standby') {
    await context.sendActivity('I can answer that too!');
  }
}

/** Options of a {@link BotInstance}. */
export interface InstanceOptions {
  /** `A`, `B`: also the end of its Page token, so Graph calls say who made them. */
  readonly name: string;
  readonly store: StateStore;
  /** The instance's clock for the window and handover middleware (epoch ms). */
  readonly now: number;
  /** RateLimitMiddleware options; `false` leaves it out. Default `{}` (the adapter's store decides sharing). */
  readonly rateLimit?: RateLimitOptions | false;
  readonly bot?: (context: TurnContext) => Promise<void>;
}

/**
 * One bot instance: a `MessengerAdapter` with the whole middleware stack in the recommended order
 * (handover, attachments, window, rate limit), recording what its bot saw, held back and failed on.
 */
export class BotInstance {
  readonly name: string;
  readonly adapter: MessengerAdapter;
  readonly window: MessagingWindowMiddleware;
  readonly seen: Seen[] = [];
  /** Texts of the bot's messages HandoverMiddleware held back. */
  readonly held: string[] = [];
  /** Errors that reached onTurnError. */
  readonly errors: unknown[] = [];
  /** The conversation reference of the last message turn (what a bot would store). */
  reference: Partial<ConversationReference> | undefined;
  /** The middleware clock. */
  now: number;
  private readonly bot: (context: TurnContext) => Promise<void>;

  constructor(options: InstanceOptions) {
    this.name = options.name;
    this.now = options.now;
    this.bot = options.bot ?? answeringBot;
    this.adapter = new MessengerAdapter({
      appSecret: TEST_APP_SECRET,
      verifyToken: TEST_VERIFY_TOKEN,
      accessToken: `page-token-${options.name}`,
      appId: OUR_APP_ID,
      graphApiUrl: GRAPH,
      graphMaxRetries: 0,
      store: options.store,
      logger: { error: () => {} },
    });
    this.adapter.onTurnError = async (_context, error) => {
      this.errors.push(error);
    };
    const clock = { now: () => this.now };
    // The store given here too, so that getWindowState works before this instance's first turn.
    this.window = new MessagingWindowMiddleware({ ...clock, store: options.store });
    this.adapter.use(
      new HandoverMiddleware({
        ...clock,
        onHeldMessage: (_context, activity: Partial<Activity>) => {
          this.held.push(String(activity.text));
        },
      }),
      new AttachmentMiddleware(),
      this.window,
    );
    const rateLimit = rateLimitFor(options.store, options.rateLimit ?? {});
    if (rateLimit !== undefined) this.adapter.use(rateLimit);
  }

  /** The bot logic: records the turn, keeps the reference, runs the bot. */
  readonly logic = async (context: TurnContext): Promise<void> => {
    const { type, name, text, value } = context.activity;
    this.seen.push({ type, name, text, value });
    if (type === 'message') this.reference = TurnContext.getConversationReference(context.activity);
    await this.bot(context);
  };

  /** POSTs a signed webhook (an envelope, or the exact raw body of an earlier delivery) and waits for its turns. */
  async post(body: Record<string, unknown> | string): Promise<RecordedResponse> {
    const { req } = signedPost(typeof body === 'string' ? body : metaJson(body));
    const res = fakeResponse();
    await this.adapter.process(req, res, this.logic);
    await this.adapter.whenIdle();
    return res;
  }

  /**
   * Runs `logic` in a proactive turn (as an agent console or a scheduler would) and resolves with what
   * it threw (e.g. the rejection of `sendActivity`), or `undefined` when it succeeded. The error is
   * caught inside the turn, as bot code would, so it does not reach `onTurnError`.
   */
  async proactive(
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<unknown> {
    let failure: unknown;
    try {
      await this.adapter.continueConversationAsync('', reference, async (context) => {
        try {
          await logic(context);
        } catch (error) {
          failure = error;
        }
      });
      await this.adapter.whenIdle();
    } catch (error) {
      failure ??= error;
    }
    return failure;
  }

  /** Message turns the bot ran (texts). */
  messageTexts(): (string | undefined)[] {
    return this.seen.filter((seen) => seen.type === 'message').map((seen) => seen.text);
  }

  async close(): Promise<void> {
    await this.adapter.close();
  }
}

/**
 * `RateLimitMiddleware` as the contract asks for it: budgets shared through the store when it can
 * (`new RateLimitMiddleware({ ..., store })`; a `backend` in `options` wins). Left out for a
 * `RedisStateStore` that does not offer its connection yet (no `redisCommand`), which the middleware
 * refuses with `CONFIG_INVALID`.
 */
function rateLimitFor(store: StateStore, options: RateLimitOptions | false): RateLimitMiddleware | undefined {
  if (options === false) return undefined;
  if (options.backend === undefined && store instanceof RedisStateStore && !isRedisCommandStore(store)) {
    return undefined;
  }
  return new RateLimitMiddleware({ store, ...options });
}

/** A user text message on `messaging`, as Meta sends it. */
export function textEvent(
  text: string,
  timestamp: number,
  userId = USER_ID,
  mid = newMid(),
): Record<string, unknown> {
  return {
    sender: { id: userId },
    recipient: { id: PAGE_ID },
    timestamp,
    message: { mid, text },
  };
}

/** A webhook envelope for {@link PAGE_ID} with the given lists. */
export function pageEnvelope(
  lists: { messaging?: Record<string, unknown>[]; standby?: Record<string, unknown>[] },
  time: number,
): Record<string, unknown> {
  return { object: 'page', entry: [{ id: PAGE_ID, time, ...lists }] };
}

let midCount = 0;
/** A unique, realistic message id. */
export function newMid(): string {
  midCount += 1;
  return `m_EYIjld_07gZyN02MY6vztOXzGkvslWQkbqadVHtQ${midCount}-${randomUUID().slice(0, 8)}_6Pz_0PTnbOC72fWaxZLT`;
}

/** The conversation reference of {@link USER_ID} (or `userId`) on {@link PAGE_ID}, as a bot stores it. */
export function referenceOf(userId = USER_ID): Partial<ConversationReference> {
  return {
    channelId: 'facebook',
    serviceUrl: GRAPH,
    user: { id: userId, name: userId },
    bot: { id: PAGE_ID, name: PAGE_ID },
    conversation: { id: `${userId}-${PAGE_ID}`, isGroup: false, conversationType: 'personal', name: '' },
  };
}

/** Two instances over one backing, and the fake Graph they call. */
export interface Pair {
  readonly a: BotInstance;
  readonly b: BotInstance;
  readonly graph: FakeGraph;
  /** The store objects of A and B (one object for the shared memory backing). */
  readonly stores: { readonly a: StateStore; readonly b: StateStore };
  /** The key prefix both use ('' in memory). */
  readonly prefix: string;
}

/** Opens `backing` and builds A and B on it, both clocks at `now`. */
export function openPair(
  backing: Backing,
  now: number,
  options: Pick<InstanceOptions, 'rateLimit' | 'bot'> = {},
): Pair {
  const { a, b, prefix } = backing.open();
  return {
    a: new BotInstance({ name: 'A', store: a, now, ...options }),
    b: new BotInstance({ name: 'B', store: b, now, ...options }),
    graph: new FakeGraph(),
    stores: { a, b },
    prefix,
  };
}

/** Closes both instances and the backing, and removes the fake Graph. */
export async function closePair(pair: Pair | undefined, backing: Backing): Promise<void> {
  await Promise.all([pair?.a.close(), pair?.b.close()]);
  await backing.close();
  nock.cleanAll();
}

/**
 * Registers the hooks of a suite that runs each test on a fresh {@link Pair}: pending (with the
 * suite title saying why) when the backing needs a Redis and there is none; a new pair before each
 * test, closed after it; the run's Redis keys deleted at the end. Returns the current pair.
 */
export function usePair(backing: Backing, now: number): () => Pair {
  let pair: Pair | undefined;
  before(function () {
    if (backing.redis) requireRedis(this);
  });
  beforeEach(() => {
    pair = openPair(backing, now);
  });
  afterEach(() => closePair(pair, backing));
  after(deleteRunKeys);
  return () => {
    if (pair === undefined) throw new Error('usePair: no pair outside a test');
    return pair;
  };
}

/** The most calls that fall in any window of `windowMs` (sliding, start inclusive, end exclusive). */
export function busiestWindow(times: readonly number[], windowMs = 1000): number {
  const sorted = [...times].sort((x, y) => x - y);
  let most = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end += 1) {
    while ((sorted[end] as number) - (sorted[start] as number) >= windowMs) start += 1;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

/** The first bytes of a JPEG photo (SOI, JFIF APP0, a table): enough for type sniffing. */
export const JPEG = Buffer.from(
  'ffd8ffe000104a46494600010101004800480000ffdb004300080606070605080707070909080a0c140d0c0b0b0c1912130f141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ffd9',
  'hex',
);

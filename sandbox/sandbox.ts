/**
 * `startSandbox`: Meta's side of Messenger and Instagram on loopback. A Graph API stand-in that
 * enforces Meta's rules, a webhook driver that posts signed events to the bot, a web page with the
 * user's phone and the Page Inbox, and a small API for tests.
 *
 * @module
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { PageInbox } from './actions/inbox';
import type { SandboxUser } from './actions/user';
import { type UserOptions, Users } from './actions/users';
import { type WaitOptions, waitForSent } from './actions/waitFor';
import { createClock, type SandboxClock } from './clock';
import { Engine } from './engine';
import { graphRouter } from './graph/graphRouter';
import { INSTAGRAM_HOST_PATH } from './graph/instagramLogin';
import { SendThrottle } from './graph/throttle';
import { type LogEntry, SandboxLog } from './log';
import { checkOptions, type SandboxOptions } from './options';
import { type ListenAddress, requestGuard } from './ui/requestGuard';
import { uiRouter } from './ui/uiRouter';
import { WebhookDriver } from './webhook/driver';
import { type BotRefusal, windowRuleOf } from './world/sendRecord';
import type { SentMessage } from './world/types';
import { World } from './world/world';

/** Which sent messages {@link Sandbox.sent} and {@link Sandbox.waitFor} match. */
export interface SentFilter {
  userId?: string;
  accountId?: string;
  /** Exact text, or a pattern the text must match. */
  text?: string | RegExp;
  /** Only messages recorded after this sequence number (e.g. a `UserEvent.seq`). */
  after?: number;
}

/** A running sandbox. */
export interface Sandbox {
  /** Base URL of the web page, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** What the bot uses as `graphApiUrl` (the same server). */
  readonly graphApiUrl: string;
  /** What the bot uses as `instagramLogin.graphApiUrl`: the sandbox's graph.instagram.com. */
  readonly instagramGraphApiUrl: string;
  /** Sandbox time; give `clock.now` to the bot so both agree. */
  readonly clock: SandboxClock;
  /** The human agent in Meta's inbox. */
  readonly inbox: PageInbox;
  /** Every webhook and Graph call so far (bounded), oldest first. */
  readonly log: readonly LogEntry[];
  /** The bot's subscribed webhook URL, if any. */
  readonly webhookUrl: string | undefined;
  /**
   * A user of a Page or Instagram account, created on first use. Without `id`, the platform's
   * default user. The same id always returns the same handle.
   */
  user(id?: string, options?: UserOptions): SandboxUser;
  /** Messages the bot sent (accepted by the Send API), oldest first. */
  sent(filter?: SentFilter): SentMessage[];
  /** The first sent message matching `match` (already sent, or within `timeoutMs` real ms). */
  waitFor(match: SentFilter | ((sent: SentMessage) => boolean), options?: WaitOptions): Promise<SentMessage>;
  /** The app that owns the user's thread now (`undefined` when idle). */
  threadOwner(userId: string): string | undefined;
  /** Subscribes the bot's webhook (Meta's GET verification first). */
  subscribe(webhookUrl: string): Promise<void>;
  /**
   * Records a message the bot refused to send itself (its messaging-window middleware stopped it before
   * any Graph call), so that the page shows it, with the reason, where the message would have been.
   */
  reportRefusal(userId: string, refusal: BotRefusal): void;
  /** Resolves when every queued webhook (echoes, deliveries, handovers) has been delivered. */
  idle(): Promise<void>;
  /** Stops the server. */
  close(): Promise<void>;
}

/**
 * Starts a sandbox.
 *
 * @example
 * ```ts
 * const sandbox = await startSandbox({
 *   appSecret: 'test-secret', verifyToken: 'test-verify', appId: '1517776481860111',
 *   pages: [{ id: '370873143344730', token: 'page-token', instagram: { id: '17841400000000001' } }],
 *   botWebhookUrl: 'http://127.0.0.1:3978/api/messages',
 * });
 * const user = sandbox.user();
 * await user.say('hi');
 * console.log((await user.nextReply()).text);
 * sandbox.clock.advance(25 * 60 * 60 * 1000); // the 24-hour window is now closed
 * await sandbox.close();
 * ```
 */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  checkOptions(options);
  const clock = createClock(options.now);
  const log = new SandboxLog(options.logLimit ?? 1000, clock.now);
  const world = new World(options.pages, options.instagramLogin?.accounts);
  const driver = new WebhookDriver({
    appSecret: options.appSecret,
    instagramAppSecret: options.instagramLogin?.appSecret,
    verifyToken: options.verifyToken,
    retries: options.webhook?.retries ?? 2,
    timeoutMs: options.webhook?.timeoutMs ?? 5000,
    log,
  });
  const engine = new Engine({ appId: options.appId, clock, log, driver, world });
  log.onEntry(() => engine.changed());

  const users = new Users(engine);
  const inbox = new PageInbox(engine, (userId) => users.conversationOf(userId));

  const app = express();
  app.disable('x-powered-by');
  const listening: { address?: ListenAddress } = {}; // set once the server listens
  app.use(requestGuard(() => listening.address));
  app.use(
    uiRouter({
      engine,
      user: (userId) => users.handle(userId),
      newUser: (platform) => users.create(platform),
      inbox,
    }),
  );
  const throttle = new SendThrottle(options.rateLimit);
  // graph.instagram.com (Instagram Login): its own path, tokens and secret; appsecret_proof optional there
  app.use(
    INSTAGRAM_HOST_PATH,
    graphRouter({
      engine,
      throttle,
      appSecret: options.instagramLogin?.appSecret ?? options.appSecret,
      requireAppSecretProof: false,
      host: 'instagram',
    }),
  );
  app.use(
    graphRouter({
      engine,
      throttle,
      appSecret: options.appSecret,
      requireAppSecretProof: options.requireAppSecretProof ?? true,
    }),
  );

  const server = await listen(app, options.port ?? 0, options.host ?? '127.0.0.1');
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  listening.address = { host, port: address.port };
  engine.publicUrl = url;
  for (const account of world.accounts.values()) users.get(undefined, { accountId: account.id });

  const close = (): Promise<void> =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  if (options.botWebhookUrl !== undefined) {
    try {
      await driver.subscribe(options.botWebhookUrl);
    } catch (error) {
      await close();
      throw error;
    }
  }

  return {
    url,
    graphApiUrl: url,
    instagramGraphApiUrl: `${url}${INSTAGRAM_HOST_PATH}`,
    clock,
    inbox,
    get log() {
      return log.entries();
    },
    get webhookUrl() {
      return driver.url;
    },
    user: (id, userOptions) => users.get(id, userOptions),
    sent: (filter) => world.sent.filter((sent) => matches(sent, filter)),
    waitFor: (match, waitOptions) =>
      waitForSent(engine, typeof match === 'function' ? match : (sent) => matches(sent, match), waitOptions),
    threadOwner: (userId) => engine.ownerOf(users.conversationOf(userId)),
    subscribe: (webhookUrl) => driver.subscribe(webhookUrl),
    reportRefusal: (userId, refusal) => {
      engine.recordSend(users.conversationOf(userId), {
        outcome: 'refused',
        refusedBy: 'bot',
        reason: refusal.reason,
        rule: refusal.rule ?? windowRuleOf(refusal.messagingType, refusal.tag),
        ...(refusal.message === undefined ? {} : { message: refusal.message }),
        ...(refusal.messagingType === undefined ? {} : { messagingType: refusal.messagingType }),
        ...(refusal.tag === undefined ? {} : { tag: refusal.tag }),
      });
    },
    idle: () => engine.idle(),
    close,
  };
}

function matches(sent: SentMessage, filter: SentFilter = {}): boolean {
  if (filter.userId !== undefined && sent.userId !== filter.userId) return false;
  if (filter.accountId !== undefined && sent.accountId !== filter.accountId) return false;
  if (filter.after !== undefined && sent.seq <= filter.after) return false;
  if (filter.text === undefined) return true;
  if (sent.text === undefined) return false;
  return typeof filter.text === 'string' ? sent.text === filter.text : filter.text.test(sent.text);
}

function listen(app: express.Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(server)));
    server.on('error', reject);
  });
}

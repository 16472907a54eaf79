import { z } from 'zod';
import { MessengerError } from './errors';
import { type InstagramLoginOptions, instagramLoginSchema } from './instagramLogin/options';
import type { GraphHttpClient } from './graph/options';
import type { UserNameSettings } from './inbound/userNames';
import type { StateStore } from './state/stateStore';
import { type DurableIntakeOptions, durableIntakeSchema } from './turns/durableOptions';
import { MAX_OVERLOAD_HOLD_MS } from './turns/roomWaiters';

/**
 * Options of `MessengerAdapter`. Only `appSecret`, `verifyToken` and one of `accessToken` /
 * `getAccessToken` are required.
 */
export interface MessengerAdapterOptions {
  /** The Meta app secret: verifies `X-Hub-Signature-256` and signs `appsecret_proof`. */
  appSecret: string;
  /** The verify token you typed in the app's webhook settings (GET verification). */
  verifyToken: string;
  /** Page access token of one Page (and its linked Instagram account). */
  accessToken?: string;
  /** Token per Page / Instagram account id, for several accounts. Results are cached. */
  getAccessToken?: (accountId: string) => string | Promise<string>;
  /** This app's Meta app id: tells the app's own echoes from a human's (handover). */
  appId?: string;
  /** Graph API base URL. Default `https://graph.facebook.com` (tests point it at loopback). */
  graphApiUrl?: string;
  /** Graph API version. Default `v27.0`. */
  graphApiVersion?: string;
  /** Shared state (dedupe, window, thread owners, upload ids). Default in-memory. */
  store?: StateStore;
  /** Acknowledged events whose turns have not finished, at most; past it a POST gets 503. Default 10,000. */
  maxPendingEvents?: number;
  /**
   * Turns running at once across conversations, at most. Default 100. While the event loop is
   * saturated, fewer run (down to 8), so that webhook POSTs are still answered promptly.
   */
  maxConcurrentTurns?: number;
  /**
   * When the backlog is full (`maxPendingEvents`, or the drain-time bound), a POST is held, unread,
   * for up to this many ms while turns finish, and goes on as soon as there is room (then 200 as
   * usual); only a request still without room after the hold gets 503. At most 256 requests are held
   * at once; past that, 503 at once. `0` answers 503 at once. Default 1,000; at most 4,000 (Meta
   * wants an answer within 5 s).
   */
  overloadHoldMs?: number;
  /**
   * How long `close()` lets queued turns run, in ms (default 20,000: inside Kubernetes' 30 s grace
   * period). The backlog is bounded so that it can drain in this time at the measured turn time:
   * past it a POST gets 503 and Meta delivers the batch again later.
   */
  drainTimeoutMs?: number;
  /**
   * Keep acknowledged events in Redis Streams instead of memory (needs a `RedisStateStore` as
   * `store`): a batch is appended before the 200, any live instance runs the turns, an instance's
   * unfinished entries are taken over by the others, and a conversation stays in order across
   * instances. `true` takes the defaults. See the README's "Durable intake" section. Default off.
   */
  durableIntake?: boolean | DurableIntakeOptions;
  /** Largest webhook body accepted, in bytes; larger gets 413. Default 1,000,000. */
  maxBodyBytes?: number;
  /**
   * Run the turns of a batch before answering 200 (for serverless hosts that freeze the process
   * after the response). Default false: answer 200 as soon as the batch is verified and queued.
   */
  processBeforeResponse?: boolean;
  /** How long an accepted event id is remembered to drop redeliveries, in ms. Default 2 hours. */
  dedupeTtlMs?: number;
  /** The Get Started button's postback payload. Default `GET_STARTED`. */
  getStartedPayload?: string;
  /** Send a `conversationUpdate` (membersAdded) before the Get Started postback. Default true. */
  welcomeOnGetStarted?: boolean;
  /** Graph request timeout in ms. Default 10,000. */
  graphTimeoutMs?: number;
  /** Retries of transient Graph failures. Default 2. */
  graphMaxRetries?: number;
  /**
   * Retry a send after an ambiguous Graph failure (code 1 or 2, `is_transient`, a bare 503), although
   * the person may then get two copies. Default false: the send fails with `details.maybeSent: true`.
   * See the README's "Retries" section.
   */
  graphRetryAmbiguousSends?: boolean;
  /**
   * The HTTP client of Graph calls: `'auto'` (default) uses undici, and node's `https` while an
   * interceptor such as nock holds it, so that test mocks see every call; `'undici'` or `'node'`
   * fix the choice. See `GraphClientOptions.httpClient`.
   */
  graphHttpClient?: GraphHttpClient;
  /** Where the adapter reports failures it cannot hand to `onTurnError`. Default: console.error (ids only). */
  logger?: MessengerLogger;
  /**
   * Instagram accounts connected with Instagram Login (graph.instagram.com, an Instagram user token,
   * no Facebook Page), served side by side with Pages and Facebook-Login Instagram accounts. With
   * only this (no `accessToken` / `getAccessToken`), every account uses Instagram Login.
   */
  instagramLogin?: InstagramLoginOptions;
  /**
   * Apply the package's four policies (handover, attachments, messaging window, rate limit) with
   * their defaults, so that the adapter is compliant with no `use()` call. Default `true`. A policy
   * given with `use()` replaces the default of its kind either way; `false` starts with none, for
   * a bot that takes full control (it then answers for Meta's rules itself).
   */
  defaultMiddleware?: boolean;
  /**
   * Fill `from.name` (and the Get Started `membersAdded` name) from Meta's user profile API, as
   * Azure's Facebook channel did: Messenger `"{first_name} {last_name}"`, Instagram `name` (else
   * `username`). Cached in the store; a missing permission or consent leaves the name out and never
   * fails a turn. Default true; `false` turns it off; an object tunes the cache (see `UserNameSettings`).
   */
  userNames?: boolean | UserNameSettings;
  /**
   * Give the bot logic the activity shapes of Azure Bot Service's Facebook channel where they differ
   * from this package's (middleware still see this package's): standby as an event named `standby`
   * whose `value` is the list of raw events, pass / take thread control as `conversationUpdate`, a
   * quick reply's `text` = its title. Default false. See the README table "Azure Facebook channel →
   * this adapter".
   */
  azureFacebookChannel?: boolean;
  /**
   * `locale` of inbound activities (Meta's webhooks carry none), e.g. `'en-US'`, for bots that greet
   * by `activity.locale` or prompts that recognize numbers and dates by it. Default: none.
   */
  locale?: string;
}

/** A minimal logger; the adapter never passes tokens, secrets or message contents to it. */
export interface MessengerLogger {
  error(message: string, details?: Record<string, unknown>): void;
  warn?(message: string, details?: Record<string, unknown>): void;
}

const positiveInt = z.number().int().positive();

const optionsSchema = z
  .object({
    appSecret: z
      .string()
      .min(1, 'appSecret is required: copy it from App settings > Basic in the Meta app dashboard'),
    verifyToken: z.string().min(1, 'verifyToken is required: the token you typed in the webhook settings'),
    accessToken: z.string().min(1).optional(),
    getAccessToken: z.function().optional(),
    appId: z.string().regex(/^\d+$/, 'appId must be the numeric Meta app id as a string').optional(),
    graphApiUrl: z.url().optional(),
    graphApiVersion: z
      .string()
      .regex(/^v\d+\.\d+$/, "graphApiVersion must look like 'v27.0'")
      .optional(),
    store: z
      .custom<StateStore>(
        (value) =>
          typeof value === 'object' &&
          value !== null &&
          ['get', 'set', 'setIfAbsent', 'delete'].every(
            (name) => typeof (value as Record<string, unknown>)[name] === 'function',
          ),
        'store must implement StateStore (get, set, setIfAbsent, delete)',
      )
      .optional(),
    maxPendingEvents: positiveInt.optional(),
    maxConcurrentTurns: positiveInt.optional(),
    overloadHoldMs: z
      .number('overloadHoldMs must be a number of milliseconds')
      .int('overloadHoldMs must be whole milliseconds')
      .min(0, 'overloadHoldMs must be 0 or more')
      .max(MAX_OVERLOAD_HOLD_MS, `overloadHoldMs must be at most ${MAX_OVERLOAD_HOLD_MS} (Meta wants an answer within 5 s)`)
      .optional(),
    drainTimeoutMs: positiveInt.optional(),
    durableIntake: durableIntakeSchema.optional(),
    maxBodyBytes: positiveInt.optional(),
    processBeforeResponse: z.boolean().optional(),
    dedupeTtlMs: positiveInt.optional(),
    getStartedPayload: z.string().min(1).optional(),
    welcomeOnGetStarted: z.boolean().optional(),
    graphTimeoutMs: positiveInt.optional(),
    graphMaxRetries: z.number().int().min(0).max(10).optional(),
    graphRetryAmbiguousSends: z.boolean().optional(),
    graphHttpClient: z
      .enum(['auto', 'undici', 'node'], { message: "graphHttpClient must be 'auto', 'undici' or 'node'" })
      .optional(),
    defaultMiddleware: z.boolean('defaultMiddleware must be true or false').optional(),
    userNames: z
      .union([
        z.boolean(),
        z.strictObject({
          ttlMs: positiveInt.optional(),
          unknownTtlMs: positiveInt.optional(),
          timeoutMs: positiveInt.optional(),
        }),
      ])
      .optional(),
    azureFacebookChannel: z.boolean().optional(),
    locale: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "locale must be a language tag such as 'en-US'")
      .optional(),
    logger: z
      .custom<MessengerLogger>(
        (value) =>
          typeof value === 'object' &&
          value !== null &&
          typeof (value as MessengerLogger).error === 'function',
        'logger must have an error(message, details) method',
      )
      .optional(),
    instagramLogin: instagramLoginSchema.optional(),
  })
  .refine((o) => o.accessToken !== undefined || o.getAccessToken !== undefined || o.instagramLogin !== undefined, {
    message:
      'give accessToken (one Page) or getAccessToken(accountId) (several Pages / Instagram accounts), or instagramLogin (Instagram Login)',
    path: ['accessToken'],
  })
  .refine((o) => o.accessToken === undefined || o.getAccessToken === undefined, {
    message: 'give accessToken or getAccessToken, not both',
    path: ['getAccessToken'],
  });

/** Validates adapter options; a problem is a `CONFIG_INVALID` error naming the option and the fix. */
export function validateAdapterOptions(options: unknown): MessengerAdapterOptions {
  const result = optionsSchema.safeParse(options ?? {});
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join('.') || 'options'}: ${issue.message}`,
    );
    throw new MessengerError('CONFIG_INVALID', `Invalid MessengerAdapter options: ${problems.join('; ')}.`, {
      details: { problems },
    });
  }
  return options as MessengerAdapterOptions;
}

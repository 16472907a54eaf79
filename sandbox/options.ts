/**
 * Options of {@link startSandbox}, checked with zod.
 *
 * @module
 */
import { z } from 'zod';
import { SandboxError } from './errors';
import type { RateLimitOptions } from './graph/throttle';
import type { InstagramLoginAccountConfig, PageConfig } from './world/world';

/** Options of `startSandbox`. */
export interface SandboxOptions {
  /** The bot's app secret: signs webhooks and checks `appsecret_proof`. */
  appSecret: string;
  /** The verify token the bot expects in the subscription check. */
  verifyToken: string;
  /** The bot's Meta app id (echoes of its messages carry it; thread control names it). */
  appId: string;
  /** Pages (each optionally with a linked Instagram account) and their tokens. At least one. */
  pages: PageConfig[];
  /**
   * Instagram accounts connected with Instagram Login: served at `instagramGraphApiUrl` with their
   * own tokens, their webhooks signed with `appSecret` here (the Instagram app secret).
   */
  instagramLogin?: { appSecret: string; accounts: InstagramLoginAccountConfig[] };
  /** The bot's webhook URL; when given, the sandbox subscribes (GET check) before resolving. */
  botWebhookUrl?: string;
  /** Interface to listen on (default `127.0.0.1`). */
  host?: string;
  /** Port (default 0: any free port). */
  port?: number;
  /** Base clock (default `Date.now`); sandbox time is this plus what `clock.advance` added. */
  now?: () => number;
  /** Send API budgets; past them calls fail with 613 and a usage header. */
  rateLimit?: RateLimitOptions;
  /** Refuse Graph calls without `appsecret_proof` ("Require App Secret" on; default true). */
  requireAppSecretProof?: boolean;
  /** Webhook delivery: extra immediate attempts (default 2) and answer timeout in real ms (default 5000). */
  webhook?: { retries?: number; timeoutMs?: number };
  /** Log entries kept (default 1000). */
  logLimit?: number;
}

const nonEmpty = (name: string) =>
  z.string({ error: `${name} must be a string` }).min(1, `${name} must not be empty`);
const numericId = (name: string) =>
  z.string().regex(/^\d{1,20}$/, `${name} must be a numeric id string, e.g. '370873143344730'`);

const schema = z.object({
  appSecret: nonEmpty('appSecret'),
  verifyToken: nonEmpty('verifyToken'),
  appId: numericId('appId'),
  pages: z
    .array(
      z.object({
        id: numericId('pages[].id'),
        token: nonEmpty('pages[].token'),
        name: z.string().optional(),
        instagram: z
          .object({
            id: numericId('pages[].instagram.id'),
            token: nonEmpty('pages[].instagram.token').optional(),
            username: z.string().optional(),
            name: z.string().optional(),
          })
          .optional(),
      }),
    )
    .min(1, 'pages needs at least one Page'),
  instagramLogin: z
    .object({
      appSecret: nonEmpty('instagramLogin.appSecret'),
      accounts: z
        .array(
          z.object({
            id: numericId('instagramLogin.accounts[].id'),
            token: nonEmpty('instagramLogin.accounts[].token'),
            username: z.string().optional(),
            name: z.string().optional(),
          }),
        )
        .min(1, 'instagramLogin.accounts needs at least one account'),
    })
    .optional(),
  botWebhookUrl: z.url({ error: 'botWebhookUrl must be a URL' }).optional(),
  host: z.string().optional(),
  port: z.number().int().min(0).max(65535).optional(),
  now: z
    .custom<() => number>((value) => typeof value === 'function', 'now must be a function returning epoch ms')
    .optional(),
  rateLimit: z
    .object({
      perSecond: z.number().positive().optional(),
      instagramPerSecond: z.number().positive().optional(),
      mediaPerSecond: z.number().positive().optional(),
      regainAccessMinutes: z.number().min(0).optional(),
    })
    .optional(),
  requireAppSecretProof: z.boolean().optional(),
  webhook: z
    .object({
      retries: z.number().int().min(0).max(10).optional(),
      timeoutMs: z.number().positive().optional(),
    })
    .optional(),
  logLimit: z.number().int().positive().optional(),
});

/** Checks options; throws `INVALID_ARGUMENT` naming the first wrong field. */
export function checkOptions(options: SandboxOptions): void {
  const result = schema.safeParse(options);
  if (result.success) return;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  throw new SandboxError(
    'INVALID_ARGUMENT',
    `Invalid sandbox options: ${where}${issue?.message ?? 'invalid'}.`,
  );
}

/**
 * Options of Instagram API with Instagram Login (`graph.instagram.com`, an Instagram user access
 * token, no Facebook Page), and their zod validation.
 *
 * @module
 */
import { z } from 'zod';

/** Where Instagram-Login accounts are called unless `instagramLogin.graphApiUrl` is given. */
export const DEFAULT_INSTAGRAM_GRAPH_API_URL = 'https://graph.instagram.com';

/**
 * Instagram accounts connected with Instagram Login (Business Login for Instagram): no Facebook Page,
 * an Instagram user access token, `graph.instagram.com`. They run in the same adapter as Facebook
 * Pages and Facebook-Login Instagram accounts.
 *
 * Which accounts use Instagram Login: those in `accounts`, those `isInstagramLoginAccount` says yes
 * to, every account when no Page token is configured, an account whose webhook POST was signed with
 * the Instagram app secret (remembered in the store), and the account of a conversation reference
 * whose `serviceUrl` is `graphApiUrl` (activities of these accounts carry it).
 *
 * @example
 * ```ts
 * const instagramLogin: InstagramLoginOptions = {
 *   appSecret: 'instagram-app-secret',
 *   getAccessToken: async (igUserId) => 'IGAA-token-of-' + igUserId,
 *   accounts: ['17841400000000002'],
 * };
 * ```
 */
export interface InstagramLoginOptions {
  /**
   * The Instagram app secret (App Dashboard > Instagram > API setup with Instagram login > Business
   * login settings). Webhook POSTs signed with it are accepted.
   */
  appSecret: string;
  /** The Instagram user access token of one account. */
  accessToken?: string;
  /** The Instagram user access token of an account id (the webhook's `entry[].id`, `/me`'s `user_id`). */
  getAccessToken?: (accountId: string) => string | Promise<string>;
  /** Base URL; default `https://graph.instagram.com` (tests point it at a loopback sandbox). */
  graphApiUrl?: string;
  /** Instagram professional account ids (`user_id`, not `/me`'s app-scoped `id`) that use Instagram Login. */
  accounts?: readonly string[];
  /** Says whether an account id uses Instagram Login (for ids not known in advance). */
  isInstagramLoginAccount?: (accountId: string) => boolean | Promise<boolean>;
  /**
   * Send `appsecret_proof` (HMAC of the token with the Instagram app secret) to `graphApiUrl`.
   * Default false: Meta does not document it for graph.instagram.com.
   */
  appSecretProof?: boolean;
}

const isFunction = (name: string) =>
  z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', `${name} must be a function`);

/** zod schema of {@link InstagramLoginOptions}. */
export const instagramLoginSchema = z
  .object({
    appSecret: z
      .string({ error: 'appSecret is required: the Instagram app secret (Instagram > API setup with Instagram login)' })
      .min(1, 'appSecret is required: the Instagram app secret (Instagram > API setup with Instagram login)'),
    accessToken: z.string().min(1, 'accessToken must not be empty').optional(),
    getAccessToken: isFunction('getAccessToken').optional(),
    graphApiUrl: z
      .string()
      .regex(
        /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/,
        'graphApiUrl must be an http(s) URL without query, e.g. https://graph.instagram.com',
      )
      .optional(),
    accounts: z
      .array(z.string().regex(/^\d+$/, 'accounts must be numeric Instagram account ids (the webhook entry.id)'))
      .optional(),
    isInstagramLoginAccount: isFunction('isInstagramLoginAccount').optional(),
    appSecretProof: z.boolean().optional(),
  })
  .refine((o) => o.accessToken !== undefined || o.getAccessToken !== undefined, {
    message: 'give accessToken (one Instagram account) or getAccessToken(accountId) (several)',
    path: ['accessToken'],
  })
  .refine((o) => o.accessToken === undefined || o.getAccessToken === undefined, {
    message: 'give accessToken or getAccessToken, not both',
    path: ['getAccessToken'],
  });

/** The base URL of Instagram-Login calls, without a trailing slash. */
export function instagramGraphApiUrl(options: Pick<InstagramLoginOptions, 'graphApiUrl'>): string {
  return (options.graphApiUrl ?? DEFAULT_INSTAGRAM_GRAPH_API_URL).replace(/\/+$/, '');
}

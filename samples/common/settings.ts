/**
 * The options every sample's `start()` takes, and the adapter options built from them.
 *
 * @module
 */
import type { InstagramLoginOptions, MessengerAdapterOptions } from 'botbuilder-adapter-messenger';
import { adapterLogger, type OwnerLog } from './ownerLog';
import type { RefusalHook } from './refusals';

/** What every sample's `start()` takes; a sample's own options add to these. */
export interface SampleOptions {
  /** App settings > Basic > App secret (`MESSENGER_APP_SECRET`). */
  appSecret: string;
  /** The verify token typed in the webhook settings (`MESSENGER_VERIFY_TOKEN`). */
  verifyToken: string;
  /** The Page access token (`MESSENGER_PAGE_TOKEN`); it also acts for the Page's Instagram account. */
  accessToken: string;
  /** This app's Meta app id (recommended: tells the app's own echoes from a person's). */
  appId?: string;
  /** Where Graph calls go. Default Meta's; tests and the sandbox give their own. */
  graphApiUrl?: string;
  /** Default 3978; 0 picks a free port. */
  port?: number;
  /** The interface to listen on. Default every interface. */
  host?: string;
  /**
   * The clock of the window and handover rules (epoch ms). Default `Date.now`; the sandbox gives its
   * own, so that "+25 h" closes the bot's window too.
   */
  now?: () => number;
  /** The owner's log. Default one line per event on the console. */
  log?: OwnerLog;
  /** Instagram accounts connected with Instagram Login (no Page); `accessToken` may then be empty. */
  instagramLogin?: InstagramLoginOptions;
  /** Told when `MessagingWindowMiddleware` refuses a send before Meta (the sandbox shows it on its page). */
  onRefused?: RefusalHook;
}

/**
 * The `MessagingWindowMiddleware` (and `HandoverMiddleware`) clock of a sample, and its
 * `onRefused` hook when it has one.
 */
export function windowOptions(options: SampleOptions): { now?: () => number; onRefused?: RefusalHook } {
  return {
    ...(options.now ? { now: options.now } : {}),
    ...(options.onRefused ? { onRefused: options.onRefused } : {}),
  };
}

/**
 * The `MessengerAdapter` options of a sample: its credentials, its Graph URL, and the owner's log as
 * the adapter's logger.
 *
 * @example
 * ```ts
 * const adapter = new MessengerAdapter(adapterOptions(options, log));
 * ```
 */
export function adapterOptions(options: SampleOptions, log: OwnerLog): MessengerAdapterOptions {
  return {
    appSecret: options.appSecret,
    verifyToken: options.verifyToken,
    ...(options.accessToken ? { accessToken: options.accessToken } : {}),
    ...(options.instagramLogin ? { instagramLogin: options.instagramLogin } : {}),
    ...(options.appId ? { appId: options.appId } : {}),
    ...(options.graphApiUrl ? { graphApiUrl: options.graphApiUrl } : {}),
    logger: adapterLogger(log),
  };
}

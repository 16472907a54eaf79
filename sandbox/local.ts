/**
 * `startLocal`: what `npm start` needs. Starts the sandbox with fixed local settings, hands them to a
 * bot factory (so the bot points its Graph client at the sandbox and shares its clock), subscribes
 * the bot's webhook, and prints the URL to open.
 *
 * @module
 */
import type { Sandbox } from './sandbox';
import type { BotRefusal } from './world/sendRecord';
import { startSandbox } from './sandbox';

/** The fixed settings a local bot runs with (no real Meta secrets anywhere). */
export const LOCAL_SETTINGS = {
  appSecret: 'sandbox-app-secret',
  verifyToken: 'sandbox-verify-token',
  appId: '1517776481860111',
  pageId: '370873143344730',
  pageName: 'Acme Support',
  accessToken: 'sandbox-page-token',
  instagramAccountId: '17841400000000001',
  instagramUsername: 'acme.support',
} as const;

/** What a bot factory receives. */
export interface LocalBotSettings {
  /** Give this to the adapter as `graphApiUrl`. */
  graphApiUrl: string;
  appSecret: string;
  verifyToken: string;
  appId: string;
  /** The Page id; its token also acts for the linked Instagram account. */
  pageId: string;
  accessToken: string;
  instagramAccountId: string;
  /** The sandbox clock: give it to the bot's middleware as `now` so "+25 h" closes their windows too. */
  now: () => number;
  /**
   * Shows a message the bot refused to send itself (e.g. from `MessagingWindowMiddleware`'s
   * `onWindowClosed`) on the page, with the reason, where the message would have been.
   */
  reportRefusal: (userId: string, refusal: BotRefusal) => void;
}

/** A running bot, as a factory returns it. */
export interface LocalBot {
  /** The bot's webhook URL (GET verification and POST events), e.g. `http://127.0.0.1:3978/api/messages`. */
  webhookUrl: string;
  close(): Promise<void>;
}

/** Options of {@link startLocal}. */
export interface LocalOptions {
  /** Sandbox port (default 3000). */
  port?: number;
  /** Sandbox interface (default 127.0.0.1). */
  host?: string;
  /** Where the banner goes (default console.log). */
  print?: (line: string) => void;
}

/**
 * Starts the sandbox and a bot against it.
 *
 * @example
 * ```ts
 * // samples/contact-centre/local.ts
 * const { close } = await startLocal(async (settings) => {
 *   const adapter = new MessengerAdapter({ ...settings, graphApiUrl: settings.graphApiUrl });
 *   adapter.use(new MessagingWindowMiddleware({ now: settings.now }));
 *   const server = app.listen(3978);
 *   return { webhookUrl: 'http://127.0.0.1:3978/api/messages', close: () => new Promise((r) => server.close(() => r())) };
 * });
 * process.once('SIGINT', () => void close());
 * ```
 */
export async function startLocal(
  startBot: (settings: LocalBotSettings) => Promise<LocalBot>,
  options: LocalOptions = {},
): Promise<{ sandbox: Sandbox; bot: LocalBot; close(): Promise<void> }> {
  const print = options.print ?? ((line: string) => console.log(line));
  const sandbox = await startSandbox({
    appSecret: LOCAL_SETTINGS.appSecret,
    verifyToken: LOCAL_SETTINGS.verifyToken,
    appId: LOCAL_SETTINGS.appId,
    pages: [
      {
        id: LOCAL_SETTINGS.pageId,
        token: LOCAL_SETTINGS.accessToken,
        name: LOCAL_SETTINGS.pageName,
        instagram: { id: LOCAL_SETTINGS.instagramAccountId, username: LOCAL_SETTINGS.instagramUsername },
      },
    ],
    port: options.port ?? 3000,
    ...(options.host === undefined ? {} : { host: options.host }),
  });
  let bot: LocalBot;
  try {
    bot = await startBot({
      graphApiUrl: sandbox.graphApiUrl,
      appSecret: LOCAL_SETTINGS.appSecret,
      verifyToken: LOCAL_SETTINGS.verifyToken,
      appId: LOCAL_SETTINGS.appId,
      pageId: LOCAL_SETTINGS.pageId,
      accessToken: LOCAL_SETTINGS.accessToken,
      instagramAccountId: LOCAL_SETTINGS.instagramAccountId,
      now: sandbox.clock.now,
      reportRefusal: (userId, refusal) => sandbox.reportRefusal(userId, refusal),
    });
    await sandbox.subscribe(bot.webhookUrl);
  } catch (error) {
    await sandbox.close();
    throw error;
  }
  print('');
  print(`  Messenger sandbox: open ${sandbox.url}`);
  print('  Chat as the user on the left, answer as a human agent in the Page Inbox in the middle;');
  print('  the clock buttons jump ahead (+25 h closes the 24-hour window, +8 d the 7-day one).');
  print(`  Bot webhook: ${bot.webhookUrl} (verified)`);
  print('  Press Ctrl+C to stop.');
  print('');
  return {
    sandbox,
    bot,
    close: async () => {
      await bot.close();
      await sandbox.close();
    },
  };
}

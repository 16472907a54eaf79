/**
 * An existing botbuilder bot on Messenger. `bot.ts` and `dialogs/` are ordinary botbuilder code,
 * unchanged from a `CloudAdapter` bot; the Messenger-specific lines are all here: the adapter
 * construction (instead of `new CloudAdapter(...)`), the middleware, and the route.
 *
 * Run: `npx tsx samples/existing-bot/index.ts` (settings in `samples/existing-bot/.env` or `.env`).
 *
 * @module
 */
import { ConversationState, MemoryStorage, UserState } from 'botbuilder';
import {
  AttachmentMiddleware,
  HandoverMiddleware,
  MessagingWindowMiddleware,
  MessengerAdapter,
  messengerWebhook,
  RateLimitMiddleware,
} from 'botbuilder-adapter-messenger';
import express from 'express';
import { loadEnvFiles, readMessengerEnv } from '../common/env';
import { adapterLogger, consoleOwnerLog, type OwnerLog, turnErrorHandler } from '../common/ownerLog';
import { baseUrlOf, closerOf, listen, type RunningSample, stopOnSignals } from '../common/server';
import { DialogBot } from './bot';
import { MainDialog } from './dialogs/mainDialog';

/** Options of {@link start}. */
export interface ExistingBotOptions {
  appSecret: string;
  verifyToken: string;
  accessToken: string;
  appId?: string;
  /** Where Graph calls go. Default Meta's; tests and the sandbox give their own. */
  graphApiUrl?: string;
  /** Default 3978; 0 picks a free port. */
  port?: number;
  host?: string;
  /** The clock of the window and handover rules (epoch ms). Default `Date.now`. */
  now?: () => number;
  log?: OwnerLog;
}

/** Builds the adapter, the bot (as any botbuilder bot builds it) and the express app. */
export function createApp(
  options: ExistingBotOptions,
  log: OwnerLog,
): { app: express.Express; adapter: MessengerAdapter } {
  // Before: const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(process.env));
  const adapter = new MessengerAdapter({
    appSecret: options.appSecret,
    verifyToken: options.verifyToken,
    accessToken: options.accessToken,
    ...(options.appId ? { appId: options.appId } : {}),
    ...(options.graphApiUrl ? { graphApiUrl: options.graphApiUrl } : {}),
    logger: adapterLogger(log),
  });
  const clock = options.now ? { now: options.now } : {};
  adapter.use(
    new HandoverMiddleware(clock),
    new AttachmentMiddleware(), // photos arrive as image/jpeg, so the AttachmentPrompt validator accepts them
    new MessagingWindowMiddleware(clock),
    new RateLimitMiddleware(),
  );
  adapter.onTurnError = turnErrorHandler(log);

  // Unchanged botbuilder code: storage, state, dialog, bot.
  const storage = new MemoryStorage();
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const bot = new DialogBot(conversationState, userState, new MainDialog(userState));

  const app = express();
  // Before: server.post('/api/messages', (req, res) => adapter.process(req, res, (context) => bot.run(context)));
  app.use(
    '/api/messages',
    messengerWebhook(adapter, (context) => bot.run(context)),
  );
  return { app, adapter };
}

/** Starts the bot on `options.port` (default 3978). */
export async function start(options: ExistingBotOptions): Promise<RunningSample<MessengerAdapter>> {
  const log = options.log ?? consoleOwnerLog('existing-bot');
  const { app, adapter } = createApp(options, log);
  const server = await listen(app, options.port ?? 3978, options.host).catch(async (error: unknown) => {
    await adapter.close();
    throw error;
  });
  return {
    server,
    adapter,
    webhookUrl: `${baseUrlOf(server)}/api/messages`,
    close: closerOf(server, adapter),
  };
}

if (require.main === module) {
  loadEnvFiles(`${__dirname}/.env`, '.env');
  const log = consoleOwnerLog('existing-bot');
  Promise.resolve()
    .then(() => start({ ...readMessengerEnv(process.env, 'samples/existing-bot'), log }))
    .then(
      (running) => {
        log.info('listening', { webhook: running.webhookUrl });
        stopOnSignals(running.close, log);
      },
      (error: unknown) => {
        log.error(error instanceof Error ? error.message : String(error));
        process.exitCode = 1;
      },
    );
}

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
import { readMessengerEnv } from '../common/env';
import { runAsMain } from '../common/main';
import { consoleOwnerLog, type OwnerLog, turnErrorHandler } from '../common/ownerLog';
import { type RunningSample, startSample } from '../common/server';
import { adapterOptions, type SampleOptions } from '../common/settings';
import { DialogBot } from './bot';
import { MainDialog } from './dialogs/mainDialog';

/** Options of {@link start}: the settings every sample takes. */
export type ExistingBotOptions = SampleOptions;

/** Builds the adapter, the bot (as any botbuilder bot builds it) and the express app. */
export function createApp(
  options: ExistingBotOptions,
  log: OwnerLog,
): { app: express.Express; adapter: MessengerAdapter } {
  // Before: const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(process.env));
  const adapter = new MessengerAdapter(adapterOptions(options, log));
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
  app.use('/api/messages', messengerWebhook(adapter, (context) => bot.run(context)));
  return { app, adapter };
}

/** Starts the bot on `options.port` (default 3978). */
export async function start(options: ExistingBotOptions): Promise<RunningSample<MessengerAdapter>> {
  return startSample(createApp(options, options.log ?? consoleOwnerLog('existing-bot')), options);
}

// Run directly (`npx tsx samples/existing-bot/index.ts`): reads `.env`, serves the webhook, stops on Ctrl+C.
runAsMain(module, 'existing-bot', (env, log) =>
  start({ ...readMessengerEnv(env, 'samples/existing-bot'), log }),
);

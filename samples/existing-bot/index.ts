/**
 * An existing botbuilder bot on Messenger. `bot.ts` and `dialogs/` are ordinary botbuilder code,
 * unchanged from a `CloudAdapter` bot; the Messenger-specific lines are all here: the adapter
 * construction (instead of `new CloudAdapter(...)`), the middleware, and the route.
 *
 * Run: `npm run existing-bot`: the real webhook with the settings of `samples/existing-bot/.env` or
 * `.env`, or the local Messenger sandbox when none is set.
 *
 * @module
 */
import { ConversationState, MemoryStorage, UserState } from 'botbuilder';
import {
  HandoverMiddleware,
  MessagingWindowMiddleware,
  MessengerAdapter,
  messengerWebhook,
} from 'botbuilder-adapter-messenger';
import express from 'express';
import { readMessengerEnv } from '../common/env';
import { sampleLauncher } from '../common/launch';
import { runAsMain } from '../common/main';
import { consoleOwnerLog, type OwnerLog, turnErrorHandler } from '../common/ownerLog';
import { type RunningSample, startSample } from '../common/server';
import { adapterOptions, type SampleOptions, windowOptions } from '../common/settings';
import { DialogBot } from './bot';
import { MainDialog } from './dialogs/mainDialog';

/** Options of {@link start}: the settings every sample takes, and where the shirt pictures are. */
export interface ExistingBotOptions extends SampleOptions {
  /** Base URL of the carousel's pictures (`linen-shirt.png`, ...). Default `https://example.com/shop/`. */
  imageBaseUrl?: string;
}

/** Builds the adapter, the bot (as any botbuilder bot builds it) and the express app. */
export function createApp(
  options: ExistingBotOptions,
  log: OwnerLog,
): { app: express.Express; adapter: MessengerAdapter } {
  // Before: const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(process.env));
  const adapter = new MessengerAdapter(adapterOptions(options, log));
  const clock = options.now ? { now: options.now } : {};
  // Meta's rules apply by default (photos arrive as image/jpeg, so the AttachmentPrompt validator
  // accepts them). The sample only gives the window and handover policies its clock (the sandbox's
  // "+25 h" moves it) and its refusal hook; each replaces the default of its kind.
  adapter.use(new HandoverMiddleware(clock), new MessagingWindowMiddleware(windowOptions(options)));
  adapter.onTurnError = turnErrorHandler(log);

  // Unchanged botbuilder code: storage, state, dialog, bot.
  const storage = new MemoryStorage();
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const bot = new DialogBot(conversationState, userState, new MainDialog(userState, options.imageBaseUrl));

  const app = express();
  // Before: server.post('/api/messages', (req, res) => adapter.process(req, res, (context) => bot.run(context)));
  app.use('/api/messages', messengerWebhook(adapter, (context) => bot.run(context)));
  return { app, adapter };
}

/** Starts the bot on `options.port` (default 3978). */
export async function start(options: ExistingBotOptions): Promise<RunningSample<MessengerAdapter>> {
  return startSample(createApp(options, options.log ?? consoleOwnerLog('existing-bot')), options);
}

/**
 * Starts the sample as `npm run existing-bot` does: on the real webhook when the environment has the
 * Messenger credentials, else on the local Messenger sandbox.
 */
export const launch = sampleLauncher({
  sampleDir: 'samples/existing-bot',
  command: 'npm run existing-bot',
  webhook: (webhookEnv, log) =>
    start({
      ...readMessengerEnv(webhookEnv, 'samples/existing-bot'),
      ...(webhookEnv.SHOP_IMAGE_BASE_URL ? { imageBaseUrl: webhookEnv.SHOP_IMAGE_BASE_URL } : {}),
      log,
    }),
  // The sandbox serves the shirt pictures, so the carousel shows them.
  sandbox: (settings) => start({ ...settings, imageBaseUrl: `${settings.sandboxUrl}/sandbox/media/shop/` }),
});

// Run directly (`npm run existing-bot`): reads `.env`, serves the webhook (or the sandbox), stops on Ctrl+C.
runAsMain(module, 'existing-bot', (env, log) => launch(env, log));

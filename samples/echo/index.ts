/**
 * Echo: the smallest complete Messenger bot. An express server, the adapter, the recommended
 * middleware, and an `ActivityHandler` that repeats what it hears.
 *
 * Run: `npm run echo`: the real webhook with the settings of `samples/echo/.env` or `.env` (see
 * `.env.example`), or the local Messenger sandbox when none is set.
 *
 * @module
 */
import { ActivityHandler } from 'botbuilder';
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

/** Options of {@link start}: the settings every sample takes. */
export type EchoOptions = SampleOptions;

/** Repeats the user's text; names the type of what they attached. */
export class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      const attachments = context.activity.attachments ?? [];
      if (attachments.length > 0) {
        const types = attachments.map((attachment) => attachment.contentType).join(', ');
        await context.sendActivity(`Got ${attachments.length} attachment(s): ${types}`);
      } else {
        await context.sendActivity(`Echo: ${context.activity.text}`);
      }
      await next();
    });
  }
}

/** Builds the adapter (with the recommended middleware) and the express app. */
export function createApp(
  options: EchoOptions,
  log: OwnerLog,
): { app: express.Express; adapter: MessengerAdapter } {
  const adapter = new MessengerAdapter(adapterOptions(options, log));
  // Recommended order: hold messages while a person has the thread, fix attachments, respect the
  // 24-hour window, then pace what is left.
  const clock = options.now ? { now: options.now } : {};
  // Meta's rules apply by default. The sample only gives the window and handover policies its clock
  // (the sandbox's "+25 h" moves it) and its refusal hook; each replaces the default of its kind.
  adapter.use(new HandoverMiddleware(clock), new MessagingWindowMiddleware(windowOptions(options)));
  adapter.onTurnError = turnErrorHandler(log);

  const bot = new EchoBot();
  const app = express();
  app.use('/api/messages', messengerWebhook(adapter, (context) => bot.run(context)));
  return { app, adapter };
}

/** Starts the echo bot on `options.port` (default 3978). */
export async function start(options: EchoOptions): Promise<RunningSample<MessengerAdapter>> {
  return startSample(createApp(options, options.log ?? consoleOwnerLog('echo')), options);
}

/**
 * Starts the sample as `npm run echo` does: on the real webhook when the environment has the
 * Messenger credentials, else on the local Messenger sandbox.
 */
export const launch = sampleLauncher({
  sampleDir: 'samples/echo',
  command: 'npm run echo',
  webhook: (webhookEnv, log) => start({ ...readMessengerEnv(webhookEnv, 'samples/echo'), log }),
  sandbox: (settings) => start(settings),
});

// Run directly (`npm run echo`): reads `.env`, serves the webhook (or the sandbox), stops on Ctrl+C.
runAsMain(module, 'echo', (env, log) => launch(env, log));

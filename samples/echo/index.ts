/**
 * Echo: the smallest complete Messenger bot. An express server, the adapter, the recommended
 * middleware, and an `ActivityHandler` that repeats what it hears.
 *
 * Run: `npx tsx samples/echo/index.ts` (settings in `samples/echo/.env` or `.env`, see `.env.example`).
 *
 * @module
 */
import { ActivityHandler } from 'botbuilder';
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

/** Options of {@link start}. */
export interface EchoOptions {
  appSecret: string;
  verifyToken: string;
  accessToken: string;
  appId?: string;
  /** Where Graph calls go. Default Meta's; tests and the sandbox give their own. */
  graphApiUrl?: string;
  /** Default 3978; 0 picks a free port. */
  port?: number;
  host?: string;
  /** The clock of the window and handover rules (epoch ms). Default `Date.now`; the sandbox gives its own. */
  now?: () => number;
  log?: OwnerLog;
}

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
  const adapter = new MessengerAdapter({
    appSecret: options.appSecret,
    verifyToken: options.verifyToken,
    accessToken: options.accessToken,
    ...(options.appId ? { appId: options.appId } : {}),
    ...(options.graphApiUrl ? { graphApiUrl: options.graphApiUrl } : {}),
    logger: adapterLogger(log),
  });
  // Recommended order: hold messages while a person has the thread, fix attachments, respect the
  // 24-hour window, then pace what is left.
  const clock = options.now ? { now: options.now } : {};
  adapter.use(
    new HandoverMiddleware(clock),
    new AttachmentMiddleware(),
    new MessagingWindowMiddleware(clock),
    new RateLimitMiddleware(),
  );
  adapter.onTurnError = turnErrorHandler(log);

  const bot = new EchoBot();
  const app = express();
  app.use(
    '/api/messages',
    messengerWebhook(adapter, (context) => bot.run(context)),
  );
  return { app, adapter };
}

/** Starts the echo bot on `options.port` (default 3978). */
export async function start(options: EchoOptions): Promise<RunningSample<MessengerAdapter>> {
  const log = options.log ?? consoleOwnerLog('echo');
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
  const log = consoleOwnerLog('echo');
  Promise.resolve()
    .then(() => start({ ...readMessengerEnv(process.env, 'samples/echo'), log }))
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

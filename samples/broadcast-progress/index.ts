/**
 * Broadcast with progress: users who write during an incident are told they will hear back; when
 * it is fixed, the operator types the update in the terminal and the bot sends it to every
 * conversation of the last 24 hours with `fanOut`, paced by `RateLimitMiddleware`, with a progress
 * bar. Conversations whose window has closed are skipped and counted, never sent.
 *
 * Meta forbids unsolicited bulk or promotional messages: send a fan-out only to people who expect it,
 * inside their 24-hour window, as here.
 *
 * Run: `npx tsx samples/broadcast-progress/index.ts` (real webhook; type an update and press Enter),
 * or `npx tsx samples/broadcast-progress/index.ts --sandbox 200` (no Facebook account: 200 sandbox
 * users write, then the update goes out to them).
 *
 * @module
 */
import { createInterface } from 'node:readline';
import { ActivityHandler, type ConversationReference, TurnContext } from 'botbuilder';
import {
  type FanOutProgress,
  type FanOutResult,
  fanOut,
  formatFanOutProgress,
  HandoverMiddleware,
  MessagingWindowMiddleware,
  MessengerAdapter,
  messengerWebhook,
  RateLimitMiddleware,
} from 'botbuilder-adapter-messenger';
import express from 'express';
import { readMessengerEnv } from '../common/env';
import { runAsMain, type StartedSample } from '../common/main';
import { consoleOwnerLog, type OwnerLog, turnErrorHandler } from '../common/ownerLog';
import { type RunningSample, startSample } from '../common/server';
import { adapterOptions, type SampleOptions } from '../common/settings';
import { Audience } from './audience';

/** Options of {@link start}: the settings every sample takes (`now` also dates the audience), and the pace. */
export interface BroadcastOptions extends SampleOptions {
  /** Sends per second per Page. Default: the middleware's (80 % of Meta's documented limit). */
  perSecond?: number;
}

/** Options of {@link BroadcastSample.broadcast}. */
export interface BroadcastRunOptions {
  /** Progress after each conversation (and once at the start). */
  onProgress?: (progress: FanOutProgress) => void;
  /** Stops starting new conversations (those in progress finish). */
  signal?: AbortSignal;
  /** Include conversations older than 24 hours (they are skipped as window-closed: the demo shows it). */
  includeOlder?: boolean;
}

/** The running sample: the server, and the broadcast. */
export interface BroadcastSample extends RunningSample<MessengerAdapter> {
  readonly audience: Audience;
  /** Sends `text` to every conversation of the last 24 hours. */
  broadcast(
    text: string,
    options?: BroadcastRunOptions,
  ): Promise<FanOutResult<Partial<ConversationReference>>>;
}

/** Answers during the incident and remembers who asked. */
export class StatusBot extends ActivityHandler {
  constructor(audience: Audience) {
    super();
    this.onMessage(async (context, next) => {
      audience.add(TurnContext.getConversationReference(context.activity));
      await context.sendActivity(
        'Sorry, ordering is down right now and we are working on it. I will send you an update here as soon as it is fixed.',
      );
      await next();
    });
  }
}

/** Builds the adapter (handover, window and pace rules), the audience, the bot and the express app. */
export function createApp(
  options: BroadcastOptions,
  log: OwnerLog,
): { app: express.Express; adapter: MessengerAdapter; audience: Audience } {
  const now = options.now ?? (() => Date.now());
  const adapter = new MessengerAdapter(adapterOptions(options, log));
  adapter.use(
    new HandoverMiddleware({ now }),
    new MessagingWindowMiddleware({ now }),
    new RateLimitMiddleware(options.perSecond ? { perSecond: options.perSecond } : {}),
  );
  adapter.onTurnError = turnErrorHandler(log); // rethrows in proactive turns, so fanOut sees each failure

  const audience = new Audience(now);
  const bot = new StatusBot(audience);
  const app = express();
  app.use('/api/messages', messengerWebhook(adapter, (context) => bot.run(context)));
  return { app, adapter, audience };
}

/** Starts the bot on `options.port` (default 3978). */
export async function start(options: BroadcastOptions): Promise<BroadcastSample> {
  const log = options.log ?? consoleOwnerLog('broadcast-progress');
  const { app, adapter, audience } = createApp(options, log);
  const running = await startSample({ app, adapter }, options);

  const broadcast = async (text: string, run: BroadcastRunOptions = {}) => {
    const references = run.includeOlder ? audience.all() : audience.recent();
    log.info('broadcast started', { conversations: references.length });
    const result = await fanOut(
      adapter,
      options.appId ?? '',
      references,
      async (context) => {
        await context.sendActivity(text);
      },
      {
        concurrency: 25,
        ...(run.onProgress ? { onProgress: run.onProgress } : {}),
        ...(run.signal ? { signal: run.signal } : {}),
      },
    );
    log.info('broadcast finished', { sent: result.done, failed: result.failed, skipped: result.skipped });
    for (const failure of result.failures) {
      log.warn('not sent', { conversation: failure.reference.conversation?.id, code: codeOf(failure.error) });
    }
    return result;
  };

  return { ...running, audience, broadcast };
}

function codeOf(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'UNKNOWN';
}

/** Draws the progress bar on one terminal line (redrawn in place); ends the line when all are handled. */
export function terminalProgress(
  stream: NodeJS.WritableStream = process.stdout,
): (progress: FanOutProgress) => void {
  return (progress) => {
    const handled = progress.done + progress.failed + progress.skipped;
    const finished = progress.total !== undefined && handled === progress.total && progress.active === 0;
    stream.write(`\r${formatFanOutProgress(progress, { width: 30 })}${finished ? '\n' : ''}`);
  };
}

/** Serves the webhook; each line typed in the terminal is broadcast. Ctrl+C stops a broadcast, then the bot. */
async function serve(env: NodeJS.ProcessEnv, log: OwnerLog): Promise<StartedSample> {
  const running = await start({ ...readMessengerEnv(env, 'samples/broadcast-progress'), log });
  log.info('listening', { webhook: running.webhookUrl });
  console.log(
    'Type the status update and press Enter to send it to everyone who wrote in the last 24 hours.',
  );
  let current: AbortController | undefined;
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    const text = line.trim();
    if (text === '' || current) return;
    current = new AbortController();
    running
      .broadcast(text, { onProgress: terminalProgress(), signal: current.signal })
      .then(
        (result) =>
          console.log(
            `${result.aborted ? '\nStopped' : 'Done'}: ${result.done} sent, ${result.failed} failed, ${result.skipped} skipped.`,
          ),
        (error: unknown) => log.error('broadcast failed', { code: codeOf(error) }),
      )
      .finally(() => {
        current = undefined;
      });
  });
  // No webhookUrl here: 'listening' is logged above, before the prompt.
  return {
    close: async () => {
      current?.abort();
      lines.close();
      await running.close();
    },
  };
}

/** `--sandbox <users>`: the broadcast against the local sandbox, no Facebook account needed. */
async function demo(users: number, log: OwnerLog): Promise<StartedSample> {
  const { runSandboxDemo } = await import('./sandboxDemo');
  const run = await runSandboxDemo({ users, log, onProgress: terminalProgress() });
  const { result } = run;
  console.log(
    `Done: ${result.done} sent, ${result.failed} failed, ${result.skipped} skipped (window closed).`,
  );
  console.log(`Open ${run.sandbox.url} to read the conversations. Ctrl+C to stop.`);
  return { close: run.close };
}

// Run directly: `npx tsx samples/broadcast-progress/index.ts [--sandbox <users>]`. Reads `.env`, stops on Ctrl+C.
runAsMain(module, 'broadcast-progress', (env, log) => {
  const sandboxFlag = process.argv.indexOf('--sandbox');
  if (sandboxFlag < 0) return serve(env, log);
  return demo(Number(process.argv[sandboxFlag + 1] ?? 200) || 200, log);
});

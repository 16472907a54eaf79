/**
 * Broadcast with progress: users who write during an incident are told they will hear back; when
 * it is fixed, the operator types the update in the terminal and the bot sends it to every
 * conversation of the last 24 hours with `fanOut`, paced by `RateLimitMiddleware`, with a progress
 * bar. Conversations whose window has closed are skipped and counted, never sent.
 *
 * Meta forbids unsolicited bulk or promotional messages: send a fan-out only to people who expect it,
 * inside their 24-hour window, as here.
 *
 * Run: `npm run broadcast-progress` (real webhook when `.env` has the credentials; type an update
 * and press Enter), or without credentials, or with `-- --sandbox 200`, against the local sandbox (no
 * Facebook account: 200 sandbox users write, then the update goes out to them).
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
import { explainPortError, launchModeOf } from '../common/launch';
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
  // Meta's rules apply by default; these three replace the defaults of their kind: the demo's clock,
  // and the send pace the progress bar shows.
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

/** Options of {@link terminalProgress}. */
export interface TerminalProgressOptions {
  /** Redraw one line in place. Default: whether the stream is a terminal (`isTTY`). */
  tty?: boolean;
  /** Without a terminal, the least time between two lines (ms). Default 1000. */
  everyMs?: number;
  /** Clock of `everyMs`. Default `Date.now`. */
  now?: () => number;
}

/**
 * Shows the progress. On a terminal, the bar is redrawn in place on one line, ended when every
 * conversation is handled. Piped to a file or another program, a plain line is written at the start,
 * at most once per `everyMs`, and at the end, so logs stay readable.
 */
export function terminalProgress(
  stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stdout,
  options: TerminalProgressOptions = {},
): (progress: FanOutProgress) => void {
  const tty = options.tty ?? stream.isTTY === true;
  const everyMs = options.everyMs ?? 1000;
  const now = options.now ?? Date.now;
  let lastLineAt: number | undefined;
  return (progress) => {
    const handled = progress.done + progress.failed + progress.skipped;
    const finished = progress.total !== undefined && handled === progress.total && progress.active === 0;
    const bar = formatFanOutProgress(progress, { width: 30 });
    if (tty) {
      stream.write(`\r${bar}${finished ? '\n' : ''}`);
      return;
    }
    const at = now();
    if (!finished && lastLineAt !== undefined && at - lastLineAt < everyMs) return;
    lastLineAt = at;
    stream.write(`${bar}\n`);
  };
}

/**
 * The number of users of `--sandbox <users>`: 200 when the flag has no value, else a whole number
 * from 1 to 10000; anything else is refused with a message that shows the right use.
 */
export function parseSandboxUsers(argv: readonly string[]): number | undefined {
  const flag = argv.indexOf('--sandbox');
  if (flag < 0) return undefined;
  const value = argv[flag + 1];
  if (value === undefined || value.startsWith('--')) return 200;
  const users = Number(value);
  if (!/^\d+$/.test(value) || users < 1 || users > 10_000) {
    throw new Error(
      `--sandbox takes a number of users from 1 to 10000, got ${JSON.stringify(value)}: ` +
        'e.g. `npm run broadcast-progress -- --sandbox 200`.',
    );
  }
  return users;
}

/** Serves the webhook; each line typed in the terminal is broadcast. Ctrl+C stops a broadcast, then the bot. */
async function serve(env: NodeJS.ProcessEnv, log: OwnerLog): Promise<StartedSample> {
  const settings = readMessengerEnv(env, 'samples/broadcast-progress');
  const running = await start({ ...settings, log }).catch((error: unknown) => {
    throw explainPortError(error, 'PORT', settings.port, 'npm run broadcast-progress');
  });
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

// Run directly: `npm run broadcast-progress [-- --sandbox <users>]`. Reads `.env`, stops on Ctrl+C.
runAsMain(module, 'broadcast-progress', (env, log) => {
  const users = parseSandboxUsers(process.argv.slice(2));
  if (users !== undefined) return demo(users, log);
  if (launchModeOf(env, 'samples/broadcast-progress') === 'sandbox') {
    log.info('no MESSENGER_* credentials in .env: running the broadcast against the local Messenger sandbox');
    return demo(200, log);
  }
  return serve(env, log);
});

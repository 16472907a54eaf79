/**
 * `npm start`: the contact-centre sample.
 *
 * - With `MESSENGER_APP_SECRET`, `MESSENGER_VERIFY_TOKEN` and `MESSENGER_PAGE_TOKEN` in `.env` (or the
 *   environment), it serves the real webhook on `PORT` (default 3978): point a tunnel at it and give
 *   Meta the URL (see samples/contact-centre/README.md).
 * - Without them, it starts the local Messenger sandbox (Meta's side, on loopback, port
 *   `SANDBOX_PORT`, default 3000) with the bot pointed at it, sharing the sandbox clock so that "+25 h"
 *   closes the bot's window too, and prints the URL to open. No Facebook account needed.
 *
 * @module
 */
import type { MessengerAdapter } from 'botbuilder-adapter-messenger';
import { loadEnvFiles } from './common/env';
import { type LaunchedSample, launchSample } from './common/launch';
import { consoleOwnerLog, type OwnerLog } from './common/ownerLog';
import { type RunningSample, stopOnSignals } from './common/server';
import { optionsFromEnv, start } from './contact-centre';

/** The agent desk token in sandbox mode when `AGENT_DESK_TOKEN` is not set (loopback only). */
export const SANDBOX_AGENT_DESK_TOKEN = 'sandbox-agent-desk-token';

/** Options of {@link startContactCentre}; the defaults are what `npm start` uses. */
export interface NpmStartOptions {
  /** Default `process.env` (after loading `.env`). */
  env?: NodeJS.ProcessEnv;
  log?: OwnerLog;
  /** Where the sandbox banner goes. Default console.log. */
  print?: (line: string) => void;
  /** How it was started, named in port errors. Default `npm start`. */
  command?: string;
}

/** What {@link startContactCentre} started. */
export type NpmStart = LaunchedSample<RunningSample<MessengerAdapter>>;

/**
 * Serves the real webhook when the credentials are set, else the sandbox with the bot; stops with
 * an error naming the missing variables when only some are set.
 */
export function startContactCentre(options: NpmStartOptions = {}): Promise<NpmStart> {
  const env = options.env ?? process.env;
  const log = options.log ?? consoleOwnerLog('contact-centre');
  return launchSample({
    env,
    log,
    ...(options.print ? { print: options.print } : {}),
    sampleDir: 'samples/contact-centre',
    command: options.command ?? 'npm start',
    webhook: (webhookEnv) => start({ ...optionsFromEnv(webhookEnv), log }),
    sandbox: (settings) =>
      start({
        ...settings,
        setUpProfileFor: settings.pageId,
        agentDeskToken: env.AGENT_DESK_TOKEN || SANDBOX_AGENT_DESK_TOKEN,
      }),
  });
}

if (require.main === module) {
  loadEnvFiles('.env');
  const log = consoleOwnerLog('contact-centre');
  startContactCentre({ log }).then(
    (started) => stopOnSignals(started.close, log),
    (error: unknown) => {
      log.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}

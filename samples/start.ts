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
import { LOCAL_SETTINGS, startLocal } from '../sandbox/local';
import type { Sandbox } from '../sandbox/sandbox';
import { hasMessengerCredentials, loadEnvFiles, readPort } from './common/env';
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
}

/** What {@link startContactCentre} started. */
export interface NpmStart {
  readonly mode: 'sandbox' | 'webhook';
  readonly bot: RunningSample<MessengerAdapter>;
  /** The sandbox, in sandbox mode. */
  readonly sandbox?: Sandbox;
  close(): Promise<void>;
}

/** Serves the real webhook when the credentials are set, else the sandbox with the bot. */
export async function startContactCentre(options: NpmStartOptions = {}): Promise<NpmStart> {
  const env = options.env ?? process.env;
  const log = options.log ?? consoleOwnerLog('contact-centre');
  const print = options.print ?? ((line: string) => console.log(line));
  if (hasMessengerCredentials(env)) {
    const bot = await start({ ...optionsFromEnv(env), log });
    print(`\n  Serving the Messenger webhook at ${bot.webhookUrl}`);
    print('  Expose it with a tunnel (`ngrok http 3978`, `cloudflared tunnel --url http://localhost:3978`');
    print(
      '  or `npx localtunnel --port 3978`), then give Meta https://<tunnel>/api/messages and your verify token.\n',
    );
    return { mode: 'webhook', bot, close: bot.close };
  }
  log.info('no MESSENGER_* credentials in .env: starting the local Messenger sandbox');
  let bot: RunningSample<MessengerAdapter> | undefined;
  const local = await startLocal(
    async (settings) => {
      bot = await start({
        appSecret: settings.appSecret,
        verifyToken: settings.verifyToken,
        accessToken: settings.accessToken,
        appId: settings.appId,
        graphApiUrl: settings.graphApiUrl,
        now: settings.now,
        setUpProfileFor: LOCAL_SETTINGS.pageId,
        agentDeskToken: env.AGENT_DESK_TOKEN || SANDBOX_AGENT_DESK_TOKEN,
        port: readPort(env.PORT, 3978),
        host: '127.0.0.1',
        log,
      });
      return bot;
    },
    { port: readPort(env.SANDBOX_PORT, 3000), print },
  );
  if (bot === undefined) throw new Error('The sandbox did not start the bot.');
  return { mode: 'sandbox', bot, sandbox: local.sandbox, close: local.close };
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

/**
 * How a sample starts from the command line (`npm run <sample>`): on the real webhook when `.env`
 * has the Messenger credentials, on the local Messenger sandbox when it has none, and not at all
 * (naming what is missing) when it has some of them. Port clashes name the variable that moves the
 * port.
 *
 * @module
 */
import { LOCAL_SETTINGS, type LocalBot, type LocalBotSettings, startLocal } from '../../sandbox/local';
import type { Sandbox } from '../../sandbox/sandbox';
import { REQUIRED_VARIABLES, readPort } from './env';
import type { OwnerLog } from './ownerLog';
import { type RefusalHook, reportRefusals } from './refusals';
import type { RunningSample } from './server';

/** Variables that say the developer means the real webhook (the required ones and the optional ids). */
const MESSENGER_VARIABLES = [...REQUIRED_VARIABLES, 'MESSENGER_APP_ID', 'MESSENGER_PAGE_ID'] as const;

/** `webhook`: Meta's real webhook; `sandbox`: the local Messenger sandbox, no account needed. */
export type LaunchMode = 'webhook' | 'sandbox';

/**
 * The mode `.env` asks for: `webhook` when the three required variables are set, `sandbox` when no
 * `MESSENGER_*` variable is; otherwise an error that names the missing ones (a half-filled `.env` is
 * a mistake, not a wish to use the sandbox).
 *
 * @param sampleDir the sample's folder, named in the error (its `.env.example` lists the variables).
 */
export function launchModeOf(env: NodeJS.ProcessEnv, sampleDir = 'samples/<name>'): LaunchMode {
  const isSet = (name: string) => (env[name] ?? '') !== '';
  const missing = REQUIRED_VARIABLES.filter((name) => !isSet(name));
  if (missing.length === 0) return 'webhook';
  const set = MESSENGER_VARIABLES.filter(isSet);
  if (set.length === 0) return 'sandbox';
  throw new Error(
    `${names(set)} ${set.length === 1 ? 'is' : 'are'} set but ${names(missing)} ` +
      `${missing.length === 1 ? 'is' : 'are'} missing. To serve the real webhook, fill ${missing.length === 1 ? 'it' : 'them'} ` +
      `in (see ${sampleDir}/.env.example); to try the local sandbox instead, empty ${names(set)}.`,
  );
}

/** `A`, `A and B`, `A, B and C`. */
function names(list: readonly string[]): string {
  return list.length < 2 ? list.join('') : `${list.slice(0, -1).join(', ')} and ${list.at(-1)}`;
}

/**
 * A port clash, rewritten to name the variable that moves the port; any other error is returned as
 * it is.
 *
 * @param variable `PORT` (the bot) or `SANDBOX_PORT` (the sandbox page and Graph stand-in).
 * @param command how the sample was started, for the example in the message.
 * @param readsEnvFile whether the program reads `.env` (then the message says it may go there too).
 */
export function explainPortError(
  error: unknown,
  variable: string,
  port: number,
  command: string,
  readsEnvFile = true,
): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE') {
    return new Error(
      `Port ${port} is already in use (${variable}). Stop what listens there, or set ${variable} to a free ` +
        `port, e.g. \`${variable}=${port + 1} ${command}\`${readsEnvFile ? ` (or ${variable}=${port + 1} in .env)` : ''}.`,
    );
  }
  if (code === 'EACCES') {
    return new Error(
      `Port ${port} needs privileges (${variable}). Set ${variable} to a port above 1023, e.g. \`${variable}=3979 ${command}\`.`,
    );
  }
  return error;
}

/** What a sample's sandbox starter gets: the settings of its `start()`, pointed at the sandbox. */
export interface SandboxBotSettings {
  appSecret: string;
  verifyToken: string;
  accessToken: string;
  appId: string;
  /** The sandbox's Graph stand-in. */
  graphApiUrl: string;
  /** The sandbox clock ("+25 h" closes the bot's windows too). */
  now: () => number;
  /** The bot's port (`PORT`, default 3978). */
  port: number;
  host: string;
  log: OwnerLog;
  /** The Page the sandbox hosts (its Instagram account is linked to it). */
  pageId: string;
  /** The sandbox's base URL, e.g. `http://127.0.0.1:3000` (it serves sample media under `/sandbox/media/`). */
  sandboxUrl: string;
  /** Give it to `MessagingWindowMiddleware`: the page then shows the messages it stops, with the reason. */
  onRefused: RefusalHook;
}

/** How to start one sample in each mode. */
export interface LaunchSpec<TRunning extends RunningSample<unknown>> {
  /** The environment, after `.env` was loaded. */
  env: NodeJS.ProcessEnv;
  log: OwnerLog;
  /** Where the banner goes. Default console.log. */
  print?: (line: string) => void;
  /** The sample's folder, e.g. `samples/echo`. */
  sampleDir: string;
  /** How the sample is started, e.g. `npm run echo` (named in port errors). */
  command: string;
  /** A line printed under the sandbox banner (what to click first). */
  hint?: string;
  /** Starts the sample on the real webhook (it reads its settings from `env`). */
  webhook: (env: NodeJS.ProcessEnv, log: OwnerLog) => Promise<TRunning>;
  /** Starts the sample against the sandbox. */
  sandbox: (settings: SandboxBotSettings) => Promise<TRunning>;
}

/** What {@link launchSample} started. */
export interface LaunchedSample<TRunning extends RunningSample<unknown>> {
  readonly mode: LaunchMode;
  readonly bot: TRunning;
  /** The bot's webhook URL. */
  readonly webhookUrl: string;
  /** The sandbox, in sandbox mode. */
  readonly sandbox?: Sandbox;
  /** Stops the bot, then the sandbox. */
  close(): Promise<void>;
}

/**
 * Starts a sample as {@link launchModeOf} decides. In sandbox mode the sandbox listens on
 * `SANDBOX_PORT` (default 3000) and the bot on `PORT` (default 3978), both on loopback, and the
 * banner says which URL to open.
 */
export async function launchSample<TRunning extends RunningSample<unknown>>(
  spec: LaunchSpec<TRunning>,
): Promise<LaunchedSample<TRunning>> {
  const { env, log, command } = spec;
  const print = spec.print ?? ((line: string) => console.log(line));
  const botPort = readPort(env.PORT, 3978, 'PORT');
  if (launchModeOf(env, spec.sampleDir) === 'webhook') {
    const bot = await spec.webhook(env, log).catch((error: unknown) => {
      throw explainPortError(error, 'PORT', botPort, command);
    });
    print(`\n  Serving the Messenger webhook at ${bot.webhookUrl}`);
    print(`  Expose it with a tunnel (\`ngrok http ${botPort}\`, \`cloudflared tunnel --url http://localhost:${botPort}\``);
    print(
      `  or \`npx localtunnel --port ${botPort}\`), then give Meta https://<tunnel>/api/messages and your verify token.\n`,
    );
    return { mode: 'webhook', bot, webhookUrl: bot.webhookUrl, close: () => bot.close() };
  }

  const sandboxPort = readPort(env.SANDBOX_PORT, 3000, 'SANDBOX_PORT');
  log.info('no MESSENGER_* credentials in .env: starting the local Messenger sandbox');
  const { local, bot } = await startLocalOnPorts(
    (settings) =>
      spec.sandbox({
        appSecret: settings.appSecret,
        verifyToken: settings.verifyToken,
        accessToken: settings.accessToken,
        appId: settings.appId,
        graphApiUrl: settings.graphApiUrl,
        now: settings.now,
        port: botPort,
        host: '127.0.0.1',
        log,
        pageId: LOCAL_SETTINGS.pageId,
        sandboxUrl: settings.graphApiUrl,
        onRefused: reportRefusals(settings.reportRefusal),
      }),
    { bot: { port: botPort, variable: 'PORT' }, sandbox: { port: sandboxPort, variable: 'SANDBOX_PORT' }, command, print },
  );
  if (spec.hint !== undefined) print(`  ${spec.hint}\n`);
  return { mode: 'sandbox', bot, webhookUrl: bot.webhookUrl, sandbox: local.sandbox, close: local.close };
}

/** A port and the environment variable that moves it. */
export interface NamedPort {
  readonly port: number;
  /** e.g. `PORT`, `SANDBOX_PORT`, `BOT_PORT`. */
  readonly variable: string;
}

/** Where {@link startLocalOnPorts} listens, and how the program was started (for port errors). */
export interface LocalPorts {
  /** The bot's port (the bot factory listens on it). */
  readonly bot: NamedPort;
  /** The sandbox page's port (and its Graph stand-in). */
  readonly sandbox: NamedPort;
  /** e.g. `npm run echo`, named in port errors. */
  readonly command: string;
  /** Whether the program reads `.env` (the port errors then say the variable may go there). Default true. */
  readonly readsEnvFile?: boolean;
  readonly print?: (line: string) => void;
}

/**
 * {@link startLocal} on the sandbox port, with a bot factory that listens on the bot port; a port
 * clash names the variable of the port that clashed (the bot's when the factory failed, else the
 * sandbox's).
 */
export async function startLocalOnPorts<TBot extends LocalBot>(
  startBot: (settings: LocalBotSettings) => Promise<TBot>,
  ports: LocalPorts,
): Promise<{ local: Awaited<ReturnType<typeof startLocal>>; bot: TBot }> {
  let bot: TBot | undefined;
  let botFailed = false;
  const local = await startLocal(
    async (settings) => {
      botFailed = true;
      bot = await startBot(settings);
      botFailed = false;
      return bot;
    },
    { port: ports.sandbox.port, ...(ports.print ? { print: ports.print } : {}) },
  ).catch((error: unknown) => {
    const clashed = botFailed ? ports.bot : ports.sandbox;
    throw explainPortError(error, clashed.variable, clashed.port, ports.command, ports.readsEnvFile);
  });
  if (bot === undefined) throw new Error('The sandbox did not start the bot.');
  return { local, bot };
}

/** What names a sample and starts it in each mode (the rest of a {@link LaunchSpec}). */
export type SampleLaunch<TRunning extends RunningSample<unknown>> = Omit<
  LaunchSpec<TRunning>,
  'env' | 'log' | 'print'
>;

/**
 * A sample's `launch(env, log, print?)`: what `npm run <sample>` runs, and what its tests call.
 *
 * @example
 * ```ts
 * export const launch = sampleLauncher({
 *   sampleDir: 'samples/echo',
 *   command: 'npm run echo',
 *   webhook: (env, log) => start({ ...readMessengerEnv(env, 'samples/echo'), log }),
 *   sandbox: (settings) => start(settings),
 * });
 * ```
 */
export function sampleLauncher<TRunning extends RunningSample<unknown>>(
  sample: SampleLaunch<TRunning>,
): (env: NodeJS.ProcessEnv, log: OwnerLog, print?: (line: string) => void) => Promise<LaunchedSample<TRunning>> {
  return (env, log, print) => launchSample({ ...sample, env, log, ...(print ? { print } : {}) });
}

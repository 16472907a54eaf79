/**
 * Running a sample as a program (`npx tsx samples/<name>/index.ts`): settings from `.env`, the
 * owner's log on the console, a graceful stop on SIGINT / SIGTERM, exit code 1 when it cannot start.
 *
 * @module
 */
import { loadEnvFiles } from './env';
import { consoleOwnerLog, type OwnerLog } from './ownerLog';
import { stopOnSignals } from './server';

/** What a sample's main function started: how to stop it, and the webhook URL when it serves one. */
export interface StartedSample {
  /** Logged as `listening webhook=<url>` once started. */
  readonly webhookUrl?: string;
  /** Stops what was started (called once, on the first SIGINT / SIGTERM). */
  close(): Promise<void>;
}

/**
 * Runs `main` when `sampleModule` is the module Node was started with, and does nothing when a test
 * imports the sample.
 *
 * It loads `<sample folder>/.env`, then `.env` of the working directory (variables already set win),
 * runs `main` with the environment and a console owner's log named `name`, installs the SIGINT /
 * SIGTERM handlers that close what `main` started, then logs `listening webhook=<url>`. When `main` fails,
 * it logs the error's message (the samples' errors say what to do and hold no secrets) and sets exit
 * code 1.
 *
 * @example
 * ```ts
 * runAsMain(module, 'echo', (env, log) => start({ ...readMessengerEnv(env, 'samples/echo'), log }));
 * ```
 */
export function runAsMain(
  sampleModule: NodeJS.Module,
  name: string,
  main: (env: NodeJS.ProcessEnv, log: OwnerLog) => Promise<StartedSample>,
): void {
  if (require.main !== sampleModule) return;
  loadEnvFiles(`${sampleModule.path}/.env`, '.env');
  const log = consoleOwnerLog(name);
  Promise.resolve()
    .then(() => main(process.env, log))
    .then(
      (started) => {
        // The handlers first: whoever reads "listening" may send a signal at once.
        stopOnSignals(() => started.close(), log);
        if (started.webhookUrl !== undefined) log.info('listening', { webhook: started.webhookUrl });
      },
      (error: unknown) => {
        log.error(error instanceof Error ? error.message : String(error));
        process.exitCode = 1;
      },
    );
}

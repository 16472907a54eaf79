/**
 * Reading the samples' settings from the environment and `.env` files (Node's own
 * `process.loadEnvFile`, no dotenv needed).
 *
 * @module
 */
import { existsSync } from 'node:fs';

/** The Meta settings every sample needs to serve the real webhook. */
export interface MessengerEnv {
  /** `MESSENGER_APP_SECRET`: App settings > Basic > App secret. */
  appSecret: string;
  /** `MESSENGER_VERIFY_TOKEN`: any string; type the same one in the webhook settings. */
  verifyToken: string;
  /** `MESSENGER_PAGE_TOKEN`: the Page access token (it also acts for the Page's Instagram account). */
  accessToken: string;
  /** `MESSENGER_APP_ID`: the app's id, so the bot tells its own echoes from a person's (optional). */
  appId?: string;
  /** `PORT`: where the webhook listens. Default 3978. */
  port: number;
}

/** The variables that must be set for the real webhook. */
export const REQUIRED_VARIABLES = [
  'MESSENGER_APP_SECRET',
  'MESSENGER_VERIFY_TOKEN',
  'MESSENGER_PAGE_TOKEN',
] as const;

/**
 * Loads each `.env` file that exists, first one first. Variables already set in the environment are
 * kept (a file never overrides them), so `PORT=4000 npm start` still wins over `.env`.
 */
export function loadEnvFiles(...paths: string[]): void {
  for (const path of paths) {
    if (existsSync(path)) process.loadEnvFile(path);
  }
}

/** True when the three required variables are set (not empty). */
export function hasMessengerCredentials(env: NodeJS.ProcessEnv = process.env): boolean {
  return REQUIRED_VARIABLES.every((name) => (env[name] ?? '') !== '');
}

/**
 * Reads {@link MessengerEnv}; a missing variable throws an error that names it and says where to put it.
 *
 * @param sampleDir the sample's folder, named in the error (its `.env.example` lists the variables).
 */
export function readMessengerEnv(
  env: NodeJS.ProcessEnv = process.env,
  sampleDir = 'samples/<name>',
): MessengerEnv {
  const missing = REQUIRED_VARIABLES.filter((name) => (env[name] ?? '') === '');
  if (missing.length > 0) {
    throw new Error(
      `Missing ${missing.join(', ')}. Copy ${sampleDir}/.env.example to ${sampleDir}/.env (or to .env at the ` +
        'repository root) and fill it in; the sample README says where each value comes from.',
    );
  }
  return {
    appSecret: env.MESSENGER_APP_SECRET as string,
    verifyToken: env.MESSENGER_VERIFY_TOKEN as string,
    accessToken: env.MESSENGER_PAGE_TOKEN as string,
    ...(env.MESSENGER_APP_ID ? { appId: env.MESSENGER_APP_ID } : {}),
    port: readPort(env.PORT, 3978),
  };
}

/**
 * A TCP port from an environment variable, or `fallback` when it is not set.
 *
 * @param name the variable's name, for the error (`PORT`, `SANDBOX_PORT`).
 */
export function readPort(value: string | undefined, fallback: number, name = 'PORT'): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${name} must be a whole number from 0 to 65535, got ${JSON.stringify(value)}.`);
  }
  return port;
}

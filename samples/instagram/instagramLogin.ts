/**
 * The Instagram sample's Instagram Login mode (`INSTAGRAM_LOGIN=1`): the account is connected with
 * Business Login for Instagram (no Facebook Page), its messages go to graph.instagram.com with its
 * Instagram user token, and a Page token is optional (give one to serve a Page beside it).
 *
 * @module
 */
import type { InstagramLoginOptions } from 'botbuilder-adapter-messenger';
import { readPort } from '../common/env';
import type { InstagramOptions } from './index';

/** True when the environment asks for Instagram Login (`INSTAGRAM_LOGIN=1` or `true`). */
export function wantsInstagramLogin(env: NodeJS.ProcessEnv): boolean {
  return env.INSTAGRAM_LOGIN === '1' || env.INSTAGRAM_LOGIN === 'true';
}

/**
 * The sample's options in Instagram Login mode; a missing variable throws an error naming it.
 *
 * @example
 * ```ts
 * const options = instagramLoginOptionsFromEnv(process.env); // options.instagramLogin.accessToken = INSTAGRAM_ACCESS_TOKEN
 * ```
 */
export function instagramLoginOptionsFromEnv(env: NodeJS.ProcessEnv): InstagramOptions {
  const required = ['MESSENGER_APP_SECRET', 'MESSENGER_VERIFY_TOKEN', 'INSTAGRAM_APP_SECRET', 'INSTAGRAM_ACCESS_TOKEN'];
  const missing = required.filter((name) => (env[name] ?? '') === '');
  if (missing.length > 0) {
    throw new Error(
      `Missing ${missing.join(', ')} for INSTAGRAM_LOGIN=1. Copy samples/instagram/.env.example to ` +
        'samples/instagram/.env and fill in the Instagram Login section (see samples/instagram/README.md).',
    );
  }
  const instagramLogin: InstagramLoginOptions = {
    appSecret: env.INSTAGRAM_APP_SECRET as string,
    accessToken: env.INSTAGRAM_ACCESS_TOKEN as string,
    ...(env.INSTAGRAM_ACCOUNT_ID ? { accounts: [env.INSTAGRAM_ACCOUNT_ID] } : {}),
  };
  return {
    appSecret: env.MESSENGER_APP_SECRET as string,
    verifyToken: env.MESSENGER_VERIFY_TOKEN as string,
    accessToken: env.MESSENGER_PAGE_TOKEN ?? '',
    ...(env.MESSENGER_APP_ID ? { appId: env.MESSENGER_APP_ID } : {}),
    port: readPort(env.PORT, 3978),
    instagramLogin,
  };
}

/**
 * Instagram: the contact-centre sample's wiring and bot on an Instagram professional account linked
 * to a Facebook Page. The same adapter serves both: Instagram events arrive with
 * `channelId: 'instagram'`, the Page token acts for the linked account, handoffs go to the Instagram
 * Inbox by default, and only the `HUMAN_AGENT` tag exists (the window middleware refuses others).
 *
 * Run: `npx tsx samples/instagram/index.ts` (settings in `samples/instagram/.env` or `.env`).
 * With `INSTAGRAM_LOGIN=1`, the account is one connected with Instagram Login (no Facebook Page):
 * see `instagramLogin.ts`.
 *
 * @module
 */
import type { MessengerAdapter } from 'botbuilder-adapter-messenger';
import { runAsMain } from '../common/main';
import { consoleOwnerLog } from '../common/ownerLog';
import type { RunningSample } from '../common/server';
import { type ContactCentreOptions, optionsFromEnv, start as startContactCentre } from '../contact-centre';
import { InstagramBot } from './bot';
import { instagramLoginOptionsFromEnv, wantsInstagramLogin } from './instagramLogin';

/** Options of {@link start}: those of the contact-centre sample, without the bot. */
export type InstagramOptions = Omit<ContactCentreOptions, 'createBot' | 'setUpProfileFor'>;

/** Starts the Instagram bot on `options.port` (default 3978). */
export function start(options: InstagramOptions): Promise<RunningSample<MessengerAdapter>> {
  return startContactCentre({
    ...options,
    log: options.log ?? consoleOwnerLog('instagram'),
    createBot: (hooks) => new InstagramBot(hooks),
  });
}

// Run directly (`npx tsx samples/instagram/index.ts`): reads `.env`, serves the webhook, stops on Ctrl+C.
runAsMain(module, 'instagram', (env, log) => {
  if (wantsInstagramLogin(env)) return start({ ...instagramLoginOptionsFromEnv(env), log });
  const { setUpProfileFor: _messengerOnly, ...options } = optionsFromEnv(env, 'samples/instagram');
  return start({ ...options, log });
});

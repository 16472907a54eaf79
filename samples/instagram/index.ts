/**
 * Instagram: the contact-centre sample's wiring and bot on an Instagram professional account linked
 * to a Facebook Page. The same adapter serves both: Instagram events arrive with
 * `channelId: 'instagram'`, the Page token acts for the linked account, handoffs go to the Instagram
 * Inbox by default, and only the `HUMAN_AGENT` tag exists (the window middleware refuses others).
 *
 * Run: `npm run instagram`: the real webhook with the settings of `samples/instagram/.env` or `.env`,
 * or the local Messenger sandbox (its Instagram tab) when none is set. With `INSTAGRAM_LOGIN=1`, the
 * account is one connected with Instagram Login (no Facebook Page): see `instagramLogin.ts`.
 *
 * @module
 */
import type { MessengerAdapter } from 'botbuilder-adapter-messenger';
import { sampleLauncher } from '../common/launch';
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

/**
 * Starts the sample as `npm run instagram` does: on the real webhook when the environment has the
 * Messenger credentials, else on the local Messenger sandbox.
 */
export const launch = sampleLauncher({
  sampleDir: 'samples/instagram',
  command: 'npm run instagram',
  hint: 'This is the Instagram sample: pick the Instagram tab at the top of the page.',
  webhook: (webhookEnv, log) => {
    const { setUpProfileFor: _messengerOnly, ...options } = optionsFromEnv(webhookEnv, 'samples/instagram');
    return start({ ...options, log });
  },
  sandbox: (settings) => start(settings),
});

// Run directly (`npm run instagram`): reads `.env`, serves the webhook (or the sandbox), stops on Ctrl+C.
runAsMain(module, 'instagram', (env, log) =>
  wantsInstagramLogin(env) ? start({ ...instagramLoginOptionsFromEnv(env), log }) : launch(env, log),
);

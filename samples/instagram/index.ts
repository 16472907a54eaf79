/**
 * Instagram: the contact-centre sample's wiring and bot on an Instagram professional account linked
 * to a Facebook Page. The same adapter serves both: Instagram events arrive with
 * `channelId: 'instagram'`, the Page token acts for the linked account, handoffs go to the Instagram
 * Inbox by default, and only the `HUMAN_AGENT` tag exists (the window middleware refuses others).
 *
 * Run: `npx tsx samples/instagram/index.ts` (settings in `samples/instagram/.env` or `.env`).
 *
 * @module
 */
import type { MessengerAdapter } from 'botbuilder-adapter-messenger';
import { loadEnvFiles } from '../common/env';
import { consoleOwnerLog } from '../common/ownerLog';
import { type RunningSample, stopOnSignals } from '../common/server';
import { type ContactCentreOptions, optionsFromEnv, start as startContactCentre } from '../contact-centre';
import { InstagramBot } from './bot';

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

if (require.main === module) {
  loadEnvFiles(`${__dirname}/.env`, '.env');
  const log = consoleOwnerLog('instagram');
  Promise.resolve()
    .then(() => {
      const { setUpProfileFor: _messengerOnly, ...options } = optionsFromEnv(
        process.env,
        'samples/instagram',
      );
      return start({ ...options, log });
    })
    .then(
      (running) => {
        log.info('listening', { webhook: running.webhookUrl });
        stopOnSignals(running.close, log);
      },
      (error: unknown) => {
        log.error(error instanceof Error ? error.message : String(error));
        process.exitCode = 1;
      },
    );
}

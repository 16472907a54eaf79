/**
 * Agents SDK: a Microsoft 365 Agents SDK agent on Messenger and Instagram. The same adapter options
 * and middleware as the botbuilder samples, under `MessengerAgentsAdapter`.
 *
 * Run: `npm run agents`. Without Messenger settings it starts the local sandbox (no Facebook account);
 * with `MESSENGER_APP_SECRET`, `MESSENGER_VERIFY_TOKEN` and `MESSENGER_PAGE_TOKEN` (in `.env` or
 * samples/agents/.env) it serves the real webhook on `PORT` (default 3978); with only some of them it
 * names the missing ones and stops. It never loads botbuilder.
 *
 * @module
 */
import {
  HandoverMiddleware,
  MessagingWindowMiddleware,
  MessengerAgentsAdapter,
  messengerWebhook,
} from 'botbuilder-adapter-messenger/agents';
import express from 'express';
import { readMessengerEnv } from '../common/env';
import { sampleLauncher } from '../common/launch';
import { runAsMain } from '../common/main';
import { consoleOwnerLog, errorFields, type OwnerLog } from '../common/ownerLog';
import { type RunningSample, startSample } from '../common/server';
import { adapterOptions, type SampleOptions, windowOptions } from '../common/settings';
import { createAgent } from './agent';

/** Builds the adapter (with the recommended middleware) and the express app serving `/api/messages`. */
export function createApp(options: SampleOptions, log: OwnerLog): { app: express.Express; adapter: MessengerAgentsAdapter } {
  const adapter = new MessengerAgentsAdapter(adapterOptions(options, log));
  const clock = options.now ? { now: options.now } : {};
  // Meta's rules apply by default. The sample only gives the window and handover policies its clock
  // (the sandbox's "+25 h" moves it) and its refusal hook; each replaces the default of its kind.
  adapter.use(new HandoverMiddleware(clock), new MessagingWindowMiddleware(windowOptions(options)));
  // The default onTurnError already logs without messaging the user; this one uses the owner's log.
  adapter.onTurnError = async (context, error) => {
    log.error('turn failed', { conversation: context.activity.conversation?.id, ...errorFields(error) });
  };
  const agent = createAgent();
  const logic = (context: Parameters<typeof agent.run>[0]) => agent.run(context);
  adapter.setBotLogic(logic); // handoff.status turns raised before the first webhook reach the agent too
  const app = express();
  app.use('/api/messages', messengerWebhook(adapter, logic));
  return { app, adapter };
}

/** Starts the agent on `options.port` (default 3978). */
export async function start(options: SampleOptions): Promise<RunningSample<MessengerAgentsAdapter>> {
  return startSample(createApp(options, options.log ?? consoleOwnerLog('agents')), options);
}

/**
 * Starts the sample as `npm run agents` does: on the real webhook when the environment has the
 * Messenger credentials, else on the local Messenger sandbox.
 */
export const launch = sampleLauncher({
  sampleDir: 'samples/agents',
  command: 'npm run agents',
  hint: 'Type "colour" and tap a quick reply, or "agent" and hand the conversation back from the Page Inbox.',
  webhook: (webhookEnv, log) => start({ ...readMessengerEnv(webhookEnv, 'samples/agents'), log }),
  sandbox: (settings) => start(settings),
});

// Run directly (`npm run agents`): reads `.env`, serves the webhook (or the sandbox), stops on Ctrl+C.
runAsMain(module, 'agents', (env, log) => launch(env, log));

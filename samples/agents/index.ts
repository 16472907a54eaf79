/**
 * Agents SDK: a Microsoft 365 Agents SDK agent on Messenger and Instagram. The same adapter options
 * and middleware as the botbuilder samples, under `MessengerAgentsAdapter`.
 *
 * Run: `npm run agents`. Without Messenger settings it starts the local sandbox (no Facebook account);
 * with `MESSENGER_APP_SECRET`, `MESSENGER_VERIFY_TOKEN` and `MESSENGER_PAGE_TOKEN` (in `.env` or
 * samples/agents/.env) it serves the real webhook on `PORT` (default 3978).
 *
 * @module
 */
import {
  AttachmentMiddleware,
  HandoverMiddleware,
  MessagingWindowMiddleware,
  MessengerAgentsAdapter,
  messengerWebhook,
  RateLimitMiddleware,
} from 'botbuilder-adapter-messenger/agents';
import express from 'express';
import { startLocal } from '../../sandbox/local';
import { hasMessengerCredentials, readMessengerEnv, readPort } from '../common/env';
import { runAsMain } from '../common/main';
import { consoleOwnerLog, errorFields, type OwnerLog } from '../common/ownerLog';
import { type RunningSample, startSample } from '../common/server';
import { adapterOptions, type SampleOptions } from '../common/settings';
import { createAgent } from './agent';

/** Builds the adapter (with the recommended middleware) and the express app serving `/api/messages`. */
export function createApp(options: SampleOptions, log: OwnerLog): { app: express.Express; adapter: MessengerAgentsAdapter } {
  const adapter = new MessengerAgentsAdapter(adapterOptions(options, log));
  const clock = options.now ? { now: options.now } : {};
  adapter.use(
    new HandoverMiddleware(clock),
    new AttachmentMiddleware(),
    new MessagingWindowMiddleware(clock),
    new RateLimitMiddleware(),
  );
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

// `npm run agents`: the real webhook with Messenger settings, else the local sandbox.
runAsMain(module, 'agents', async (env, log) => {
  if (hasMessengerCredentials(env)) return start({ ...readMessengerEnv(env, 'samples/agents'), log });
  const local = await startLocal(
    (settings) => start({ ...settings, port: readPort(env.PORT, 3978), host: '127.0.0.1', log }),
    { port: readPort(env.SANDBOX_PORT, 3000) },
  );
  return { close: local.close };
});



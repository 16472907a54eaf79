/**
 * Contact centre: the bot answers first, hands the conversation to people (the Page Inbox, the
 * Instagram Inbox, or the app id of your contact-centre product) with Bot Framework's standard
 * handoff, stays quiet while they talk, and takes over again when control comes back. Replies of
 * people writing through this app (the agent desk) are tagged `HUMAN_AGENT` after 24 hours; a message
 * the window no longer allows is reported to the owner's log instead.
 *
 * Run: `npm start` (the local sandbox, or the real webhook when `.env` has credentials), or
 * `npx tsx samples/contact-centre/index.ts` for the real webhook only.
 *
 * @module
 */
import type { ConversationReference, TurnContext } from 'botbuilder';
import {
  AttachmentMiddleware,
  HandoverMiddleware,
  MessagingWindowMiddleware,
  MessengerAdapter,
  messengerWebhook,
  type StateStore,
} from 'botbuilder-adapter-messenger';
import express from 'express';
import { readMessengerEnv } from '../common/env';
import { runAsMain } from '../common/main';
import type { WindowClosedHook } from '../common/refusals';
import { consoleOwnerLog, type OwnerLog, turnErrorHandler } from '../common/ownerLog';
import { type RunningSample, startSample } from '../common/server';
import { adapterOptions, type SampleOptions } from '../common/settings';
import { agentDesk, ConversationBook } from './agentDesk';
import { ContactCentreBot, type ContactCentreHooks, GET_STARTED, THUMBS_UP_TEXT } from './bot';

/** Options of {@link start}: the settings every sample takes, and the contact centre's own. */
export interface ContactCentreOptions extends SampleOptions {
  /** The app people answer from. Default: the Page Inbox (Messenger) / Instagram Inbox (Instagram). */
  handoffTargetAppId?: string;
  /** Enables the agent desk API (`POST /agent/messages`) with this bearer token. */
  agentDeskToken?: string;
  /** Sets the Page's Get Started button and persistent menu at start (needs the Page id). */
  setUpProfileFor?: string;
  /** Shared state; give a `RedisStateStore` when several instances run. Default in memory. */
  store?: StateStore;
  /** The bot to run. Default a {@link ContactCentreBot}; the Instagram sample gives its own. */
  createBot?: (hooks: ContactCentreHooks) => ContactCentreBot;
}

/** The middleware in the recommended order, with hooks that write to the owner's log (ids only). */
function middlewareFor(options: ContactCentreOptions, log: OwnerLog) {
  const clock = options.now ? { now: options.now } : {};
  const handover = new HandoverMiddleware({
    ...clock,
    ...(options.handoffTargetAppId ? { targetAppId: options.handoffTargetAppId } : {}),
    takeBackKeywords: ['menu', 'bot'],
    onHeldMessage: (context) => {
      log.info('bot message held: a person has the conversation', {
        conversation: context.activity.conversation?.id,
      });
    },
  });
  const logClosed: WindowClosedHook = (_context, event) => {
    // The fallback: the message cannot reach the user on Messenger any more, so the owner hears of it.
    log.warn('window closed: message not delivered, follow up another way', {
      conversation: event.conversationId,
      channel: event.channelId,
      status: event.state.status,
      lastUserMessage:
        event.state.lastUserAt === undefined ? 'unknown' : new Date(event.state.lastUserAt).toISOString(),
      messages: event.activities.length,
    });
  };
  const window = new MessagingWindowMiddleware({
    ...clock,
    // A conversation that starts from a Click-to-Messenger ad keeps the standard window up to 7 days
    // (Meta's policy of Sep 28, 2026; opt-in because that passage is not published in full).
    adWindow: true,
    onWindowClosed: logClosed,
    ...(options.onRefused ? { onRefused: options.onRefused } : {}),
  });
  // Each replaces the default policy of its kind; rate limiting keeps its default.
  return [handover, new AttachmentMiddleware({ thumbsUpText: THUMBS_UP_TEXT }), window];
}

/** Builds the adapter, the middleware, the bot and the express app. */
export function createApp(
  options: ContactCentreOptions,
  log: OwnerLog,
): { app: express.Express; adapter: MessengerAdapter; book: ConversationBook } {
  const adapter = new MessengerAdapter({
    ...adapterOptions(options, log),
    ...(options.store ? { store: options.store } : {}),
  });
  adapter.use(...middlewareFor(options, log));
  adapter.onTurnError = turnErrorHandler(log);

  const book = new ConversationBook(adapter.store);
  const hooks: ContactCentreHooks = {
    rememberConversation: (reference: Partial<ConversationReference>) => book.remember(reference),
    onHandoffStatus: (state, conversation, facts) => log.info(`handoff ${state}`, { conversation, ...facts }),
  };
  const bot = options.createBot ? options.createBot(hooks) : new ContactCentreBot(hooks);

  // Handoff statuses raised by the agent desk (proactive turns) reach the bot even on an instance
  // that has not received a webhook since it started.
  const logic = (context: TurnContext) => bot.run(context);
  adapter.setBotLogic(logic);

  const app = express();
  app.use('/api/messages', messengerWebhook(adapter, logic));
  if (options.agentDeskToken) app.use('/agent', agentDesk(adapter, book, options.agentDeskToken, log));
  return { app, adapter, book };
}

/**
 * Starts the contact-centre bot on `options.port` (default 3978); with `setUpProfileFor`, sets the
 * Page's Get Started button and menu first.
 */
export async function start(options: ContactCentreOptions): Promise<RunningSample<MessengerAdapter>> {
  const sample = createApp(options, options.log ?? consoleOwnerLog('contact-centre'));
  return startSample(sample, options, async () => {
    if (options.setUpProfileFor) await setUpProfile(sample.adapter, options.setUpProfileFor);
  });
}

/** The Page's Get Started button (its postback starts the welcome) and a persistent menu. */
async function setUpProfile(adapter: MessengerAdapter, pageId: string): Promise<void> {
  await adapter.graph.setMessengerProfile(pageId, {
    get_started: { payload: GET_STARTED },
    persistent_menu: [
      {
        locale: 'default',
        call_to_actions: [
          { type: 'postback', title: 'Track my order', payload: 'Track my order' },
          { type: 'postback', title: 'Talk to a person', payload: 'Talk to a person' },
        ],
      },
    ],
  });
}

/** The options from the environment (`.env`): see `.env.example`. */
export function optionsFromEnv(
  env: NodeJS.ProcessEnv,
  sampleDir = 'samples/contact-centre',
): ContactCentreOptions {
  return {
    ...readMessengerEnv(env, sampleDir),
    ...(env.HANDOFF_TARGET_APP_ID ? { handoffTargetAppId: env.HANDOFF_TARGET_APP_ID } : {}),
    ...(env.AGENT_DESK_TOKEN ? { agentDeskToken: env.AGENT_DESK_TOKEN } : {}),
    ...(env.MESSENGER_PAGE_ID ? { setUpProfileFor: env.MESSENGER_PAGE_ID } : {}),
  };
}

// Run directly (`npx tsx samples/contact-centre/index.ts`): reads `.env`, serves the webhook, stops on Ctrl+C.
runAsMain(module, 'contact-centre', (env, log) => start({ ...optionsFromEnv(env), log }));

/**
 * botbuilder-adapter-messenger: a Bot Framework (botbuilder v4) adapter for Facebook Messenger and
 * Instagram, compliant with Meta's rules by default. Microsoft 365 Agents SDK users import
 * `botbuilder-adapter-messenger/agents` instead: the same API with `MessengerAgentsAdapter`.
 *
 * @packageDocumentation
 */
import { recommendedMiddleware } from '../middleware';
import { MessengerAdapter as MessengerAdapterShell } from './messengerAdapter';
import type { MessengerAdapterOptions } from './options';

export * from '../middleware';
export * from './common';
export {
  type ConnectorAttachmentData,
  connectorFactoryFor,
  type MessengerConnectorClient,
  type MessengerConnectorFactory,
} from './delivery';
export type { BotLogic } from './messengerAdapter';

/**
 * A Bot Framework adapter for Facebook Messenger and Instagram messaging, compliant by default.
 *
 * It answers Meta's webhook (GET verification, signed POSTs), turns every Messenger / Instagram event
 * into a Bot Framework activity, runs your bot, and turns the bot's replies into Send API calls. An
 * existing `CloudAdapter` bot moves over by changing the adapter construction and the route.
 *
 * With no `use()` call it already applies the package's four policies (`recommendedMiddleware()`:
 * handover, attachments, messaging window, rate limit) with their defaults. `use()` of one of
 * them replaces the default of its kind; `defaultMiddleware: false` starts with none.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { ActivityHandler } from 'botbuilder';
 * import { MessengerAdapter, messengerWebhook } from 'botbuilder-adapter-messenger';
 *
 * const adapter = new MessengerAdapter({
 *   appSecret: process.env.MESSENGER_APP_SECRET!,
 *   verifyToken: process.env.MESSENGER_VERIFY_TOKEN!,
 *   accessToken: process.env.MESSENGER_PAGE_TOKEN!,
 * });
 * const bot = new ActivityHandler().onMessage(async (context, next) => {
 *   await context.sendActivity(`You said: ${context.activity.text}`);
 *   await next();
 * });
 * express().use('/api/messages', messengerWebhook(adapter, (context) => bot.run(context))).listen(3978);
 * ```
 */
export class MessengerAdapter extends MessengerAdapterShell {
  /**
   * @param options See {@link MessengerAdapterOptions}. Invalid options throw a `MessengerError`
   *   with code `CONFIG_INVALID` naming the option.
   */
  constructor(options: MessengerAdapterOptions) {
    super(options, recommendedMiddleware);
  }
}

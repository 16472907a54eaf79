/**
 * botbuilder-adapter-messenger/agents: the Messenger and Instagram adapter for the Microsoft 365
 * Agents SDK (`@microsoft/agents-hosting`). It exports the same API as the package root, with
 * `MessengerAgentsAdapter` in place of `MessengerAdapter`, and never loads botbuilder.
 *
 * @packageDocumentation
 */
import { recommendedMiddleware } from '../../middleware';
import type { MessengerAdapterOptions } from '../options';
import { MessengerAgentsAdapter as MessengerAgentsAdapterShell } from './messengerAgentsAdapter';

export * from '../../middleware';
export * from '../common';
export { MessengerAgentsTurnContext } from './agentsTurnContext';
// Shadows the root's plain-object version: Agents SDK's sendActivity takes an Activity instance.
export { createHandoffInitiation } from './handoffInitiation';
export type { AgentLogic } from './messengerAgentsAdapter';

/**
 * A Microsoft 365 Agents SDK adapter for Facebook Messenger and Instagram, compliant by default: the
 * same Messenger core and options as `MessengerAdapter`, under the Agents SDK's `BaseAdapter`. It
 * works with `AgentApplication` and `ActivityHandler`.
 *
 * With no `use()` call it already applies the package's four policies (`recommendedMiddleware()`:
 * handover, attachments, messaging window, rate limit) with their defaults. `use()` of one of
 * them replaces the default of its kind; `defaultMiddleware: false` starts with none.
 *
 * Unlike the SDK's own default, its `onTurnError` logs and never sends an error text to the user.
 *
 * @example
 * ```ts
 * import { AgentApplication, TurnState } from '@microsoft/agents-hosting';
 * import { MessengerAgentsAdapter, messengerWebhook } from 'botbuilder-adapter-messenger/agents';
 *
 * const adapter = new MessengerAgentsAdapter({ appSecret, verifyToken, accessToken });
 * const app = new AgentApplication<TurnState>();
 * app.onActivity('message', async (context) => { await context.sendActivity(`You said: ${context.activity.text}`); });
 * http.createServer(messengerWebhook(adapter, (context) => app.run(context))).listen(3978);
 * ```
 */
export class MessengerAgentsAdapter extends MessengerAgentsAdapterShell {
  /** @param options The same as `MessengerAdapter`'s; invalid options throw `CONFIG_INVALID`. */
  constructor(options: MessengerAdapterOptions) {
    super(options, recommendedMiddleware);
  }
}

/**
 * Compile-time test (checked by `npm run typecheck`): the same four middleware classes go into both
 * frameworks' `use()` with no casts, and both frameworks' turn contexts fit the neutral shapes.
 */
import { TurnContext as AgentsTurnContext, CloudAdapter } from '@microsoft/agents-hosting';
import { BotFrameworkAdapter, TurnContext as BotbuilderTurnContext, TestAdapter } from 'botbuilder';
import type { MessengerTurnContext } from '../../adapter/turnContext';
import { AttachmentMiddleware } from '../../middleware/attachments';
import { HandoverMiddleware } from '../../middleware/handover';
import { MessagingWindowMiddleware } from '../../middleware/messagingWindow';
import { RateLimitMiddleware } from '../../middleware/rateLimit';

const four = () =>
  [new HandoverMiddleware(), new MessagingWindowMiddleware(), new AttachmentMiddleware(), new RateLimitMiddleware()] as const;

export function botbuilderUse(adapter: TestAdapter | BotFrameworkAdapter): void {
  adapter.use(...four());
}

export function agentsUse(adapter: CloudAdapter): void {
  adapter.use(...four());
}

export function contexts(botbuilder: BotbuilderTurnContext, agents: AgentsTurnContext): MessengerTurnContext[] {
  return [botbuilder, agents];
}

export function hooksTakeEitherContext(): void {
  new HandoverMiddleware({ onHeldMessage: async (context: BotbuilderTurnContext) => void context.activity.text });
  new HandoverMiddleware({ onHeldMessage: async (context: AgentsTurnContext) => void context.activity.text });
  new MessagingWindowMiddleware({ onWindowClosed: (context: AgentsTurnContext) => void context.activity.channelId });
}

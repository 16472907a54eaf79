/**
 * The two framework shells behind one driver, so one behaviour suite runs against both:
 * `MessengerAdapter` (botbuilder) and `MessengerAgentsAdapter` (Microsoft 365 Agents SDK).
 * Bot logic is written against the neutral `MessengerTurnContext`; what differs between the
 * frameworks (their MessageFactory, their conversation references) goes through the driver.
 */
import { MessageFactory as AgentsMessageFactory, type TurnContext as AgentsTurnContext } from '@microsoft/agents-hosting';
import { MessageFactory as BotbuilderMessageFactory, TurnContext as BotbuilderTurnContext } from 'botbuilder';
import { MessengerAdapter as CompliantMessengerAdapter } from '../../adapter';
import { MessengerAgentsAdapter as CompliantMessengerAgentsAdapter } from '../../adapter/agents';
import { MessengerAgentsAdapter } from '../../adapter/agents/messengerAgentsAdapter';
import type { MessengerConnectorFactory } from '../../adapter/delivery';
import { MessengerAdapter } from '../../adapter/messengerAdapter';
import type { MessengerAdapterOptions } from '../../adapter/options';
import type { MessengerMiddleware, MessengerTurnContext, ProactiveReference, TurnActivity } from '../../adapter/turnContext';
import type { CloseReport } from '../../adapter/turns';
import type { WebhookRequest, WebhookResponse } from '../../adapter/webhook/httpTypes';

/** Bot logic in the neutral context type: it runs under both frameworks. */
export type NeutralLogic = (context: MessengerTurnContext) => Promise<void>;

/** What the suite does with an adapter, whichever the framework. */
export interface ShellAdapter {
  use(...middleware: MessengerMiddleware[]): void;
  process(req: WebhookRequest, res: WebhookResponse, logic: NeutralLogic): Promise<void>;
  /** The framework's own way to store a reference to the turn's conversation. */
  referenceOf(context: MessengerTurnContext): ProactiveReference;
  continueConversation(reference: ProactiveReference, logic: NeutralLogic): Promise<void>;
  /** The framework's `MessageFactory.suggestedActions(choices, text)`. */
  suggestedActions(choices: string[], text: string): TurnActivity;
  setOnTurnError(handler: (error: Error) => Promise<void>): void;
  /**
   * The framework's upload path for a file, as a bot calls it in a turn: botbuilder's connector from
   * `turnState.get(adapter.ConnectorFactoryKey)`, the Agents SDK's `context.uploadAttachment`.
   */
  uploadAttachment(context: MessengerTurnContext, file: { type: string; name: string; bytes: Buffer }): Promise<{ id: string }>;
  whenIdle(): Promise<void>;
  close(options?: { deadlineMs?: number }): Promise<CloseReport>;
}

/** One framework shell. */
export interface Shell {
  readonly name: 'botbuilder' | 'agents';
  /**
   * An adapter of this framework: the bare shell (no policy unless given with `use()`), or with
   * `{ entry: true }` the class the package entry exports (the four policies by default).
   */
  create(options: MessengerAdapterOptions, how?: { entry?: boolean }): ShellAdapter;
}

export const SHELLS: readonly Shell[] = [
  {
    name: 'botbuilder',
    create(options, how) {
      const adapter = how?.entry ? new CompliantMessengerAdapter(options) : new MessengerAdapter(options);
      return {
        use: (...middleware) => void adapter.use(...middleware),
        process: (req, res, logic) => adapter.process(req, res, logic),
        referenceOf: (context) => BotbuilderTurnContext.getConversationReference((context as BotbuilderTurnContext).activity),
        // The reference came from this framework's own getConversationReference (see referenceOf).
        continueConversation: (reference, logic) => adapter.continueConversationAsync('', reference as never, logic),
        suggestedActions: (choices, text) => BotbuilderMessageFactory.suggestedActions(choices, text),
        setOnTurnError: (handler) => {
          adapter.onTurnError = async (_context, error) => handler(error);
        },
        uploadAttachment: async (context, file) => {
          const factory = context.turnState.get(adapter.ConnectorFactoryKey) as MessengerConnectorFactory;
          const connector = await factory.create('');
          const conversationId = context.activity.conversation?.id ?? '';
          return connector.conversations.uploadAttachment(conversationId, { type: file.type, name: file.name, originalBase64: file.bytes });
        },
        whenIdle: () => adapter.whenIdle(),
        close: (options) => adapter.close(options),
      };
    },
  },
  {
    name: 'agents',
    create(options, how) {
      const adapter = how?.entry ? new CompliantMessengerAgentsAdapter(options) : new MessengerAgentsAdapter(options);
      return {
        use: (...middleware) => void adapter.use(...middleware),
        process: (req, res, logic) => adapter.process(req, res, logic),
        referenceOf: (context) => (context as AgentsTurnContext).activity.getConversationReference(),
        // The reference came from this framework's own getConversationReference (see referenceOf).
        continueConversation: (reference, logic) => adapter.continueConversation('', reference as never, logic),
        suggestedActions: (choices, text) => AgentsMessageFactory.suggestedActions(choices, text),
        setOnTurnError: (handler) => {
          adapter.onTurnError = async (_context, error) => handler(error);
        },
        uploadAttachment: (context, file) =>
          (context as AgentsTurnContext).uploadAttachment(context.activity.conversation?.id ?? '', {
            type: file.type,
            name: file.name,
            originalBase64: file.bytes,
            thumbnailBase64: new Uint8Array(),
          }),
        whenIdle: () => adapter.whenIdle(),
        close: (options) => adapter.close(options),
      };
    },
  },
];

/**
 * botbuilder-adapter-messenger: a Bot Framework (botbuilder v4) adapter for Facebook Messenger and
 * Instagram, compliant with Meta's rules by default. Microsoft 365 Agents SDK users import
 * `botbuilder-adapter-messenger/agents` instead: the same API with `MessengerAgentsAdapter`.
 *
 * @packageDocumentation
 */
export * from '../middleware';
export * from './common';
export {
  type ConnectorAttachmentData,
  connectorFactoryFor,
  type MessengerConnectorClient,
  type MessengerConnectorFactory,
} from './delivery';
export { type BotLogic, MessengerAdapter } from './messengerAdapter';

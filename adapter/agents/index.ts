/**
 * botbuilder-adapter-messenger/agents: the Messenger and Instagram adapter for the Microsoft 365
 * Agents SDK (`@microsoft/agents-hosting`). It exports the same API as the package root, with
 * `MessengerAgentsAdapter` in place of `MessengerAdapter`, and never loads botbuilder.
 *
 * @packageDocumentation
 */
export * from '../../middleware';
export * from '../common';
export { MessengerAgentsTurnContext } from './agentsTurnContext';
// Shadows the root's plain-object version: Agents SDK's sendActivity takes an Activity instance.
export { createHandoffInitiation } from './handoffInitiation';
export { type AgentLogic, MessengerAgentsAdapter } from './messengerAgentsAdapter';

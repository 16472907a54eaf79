/**
 * The agent of the Agents SDK sample: a Microsoft 365 Agents SDK `AgentApplication` with the prompt
 * pattern that works on Messenger (quick replies from `MessageFactory.suggestedActions`, the tap read
 * back as a message), a handover to the Page Inbox with `createHandoffInitiation`, and the
 * `handoff.status` events that follow.
 *
 * @module
 */
import { AgentApplication, MessageFactory, type TurnContext, TurnState } from '@microsoft/agents-hosting';
import { createHandoffInitiation } from 'botbuilder-adapter-messenger/agents';

/** The choices of the colour prompt: each quick reply's payload comes back as the message text. */
export const COLOURS = ['red', 'green', 'blue'] as const;

/** Builds the agent. Register it with `adapter.process(req, res, (context) => agent.run(context))`. */
export function createAgent(): AgentApplication<TurnState> {
  const agent = new AgentApplication<TurnState>();

  // A prompt: ask with quick replies; the answer is the next message (a tap sends its payload).
  agent.onMessage(/^colou?r$/i, async (context) => {
    await context.sendActivity(MessageFactory.suggestedActions([...COLOURS], 'Which colour do you like?'));
  });
  agent.onMessage(new RegExp(`^(${COLOURS.join('|')})$`, 'i'), async (context) => {
    await context.sendActivity(`${context.activity.text} it is.`);
  });

  // Handover: the Page Inbox takes the conversation; the bot's own messages are held meanwhile.
  agent.onMessage(/^(agent|human|person)$/i, async (context) => {
    await context.sendActivity('Connecting you with a person...');
    await context.sendActivity(createHandoffInitiation(context, { reason: 'asked for a person' }));
  });
  agent.onActivity('event', async (context) => onEvent(context));

  agent.onActivity('message', async (context) => {
    await context.sendActivity(`You said: ${context.activity.text ?? '(an attachment)'}. Try "colour" or "agent".`);
  });
  return agent;
}

async function onEvent(context: TurnContext): Promise<void> {
  if (context.activity.name !== 'handoff.status') return;
  const { state } = (context.activity.value ?? {}) as { state?: string };
  if (state === 'completed') await context.sendActivity("I'm back. Anything else I can do?");
  if (state === 'failed') await context.sendActivity('No one is free right now. Try again later.');
}

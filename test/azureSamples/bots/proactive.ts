/** A bot shaped like Microsoft's sample 16.proactive-messages (its behaviour; our own code). */
import { ActivityHandler, type ConversationReference, TurnContext } from 'botbuilder';

export class ProactiveBot extends ActivityHandler {
  readonly references = new Map<string, Partial<ConversationReference>>();

  constructor() {
    super();
    this.onConversationUpdate(async (context, next) => {
      this.remember(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      for (const member of context.activity.membersAdded ?? []) {
        if (member.id === context.activity.recipient.id) continue;
        await context.sendActivity('Welcome to the Proactive Bot sample.  Navigate to http://localhost:3978/api/notify to proactively message everyone who has previously messaged this bot.');
      }
      await next();
    });
    this.onMessage(async (context, next) => {
      this.remember(context);
      await context.sendActivity(`You sent '${context.activity.text}'`);
      await next();
    });
  }

  private remember(context: TurnContext): void {
    const reference = TurnContext.getConversationReference(context.activity);
    if (reference.conversation?.id) this.references.set(reference.conversation.id, reference);
  }
}

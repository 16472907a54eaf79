/** A bot shaped like Microsoft's sample 08.suggested-actions (its texts; our own code). */
import { ActionTypes, ActivityHandler, MessageFactory, type TurnContext } from 'botbuilder';

const COLORS = ['Red', 'Yellow', 'Blue'];

export class SuggestedActionsBot extends ActivityHandler {
  constructor() {
    super();
    this.onMembersAdded(async (context, next) => {
      for (const member of context.activity.membersAdded ?? []) {
        if (member.id === context.activity.recipient.id) continue;
        await context.sendActivity(`Welcome to suggestedActionsBot ${member.name}. This bot will introduce you to Suggested Actions. Please select an option:`);
        await this.offerColors(context);
      }
      await next();
    });
    this.onMessage(async (context, next) => {
      const text = context.activity.text ?? '';
      await context.sendActivity(COLORS.includes(text) ? `I agree, ${text} is the best color.` : 'Please select a color.');
      await this.offerColors(context);
      await next();
    });
  }

  private async offerColors(context: TurnContext): Promise<void> {
    const actions = COLORS.map((color) => ({ type: ActionTypes.PostBack, title: color, value: color }));
    await context.sendActivity(MessageFactory.suggestedActions(actions, 'What is the best color?'));
  }
}

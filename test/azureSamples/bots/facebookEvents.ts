/** A bot shaped like Microsoft's sample 23.facebook-events (its behaviour; our own code). */
import { ActionTypes, ActivityHandler, CardFactory, type TurnContext } from 'botbuilder';
import { ChoiceFactory } from 'botbuilder-dialogs';

const OPTIONS = ['Quick Replies', 'Facebook Page Id', 'PostBack'];
type Payload = {
  postback?: unknown;
  optin?: unknown;
  message?: { quick_reply?: unknown; is_echo?: boolean };
} | undefined;

export class FacebookEventsBot extends ActivityHandler {
  /** Which of the sample's handlers ran, in order (the sample logs them). */
  readonly handled: string[] = [];

  constructor() {
    super();
    this.onMessage(async (context) => {
      if (!(await this.handlePayload(context, context.activity.channelData as Payload))) {
        if (context.activity.channelId !== 'facebook') {
          await context.sendActivity('This sample is intended to be used with a Facebook bot.');
        }
        await this.showChoices(context);
      }
    });
    this.onEvent(async (context) => {
      await this.handlePayload(context, context.activity.value as Payload);
    });
  }

  private async showChoices(context: TurnContext): Promise<void> {
    const prompt = 'What Facebook feature would you like to try? Here are some quick replies to choose from!';
    await context.sendActivity(ChoiceFactory.forChannel(context.activity.channelId, OPTIONS.map((value) => ({ value })), prompt));
  }

  private async handlePayload(context: TurnContext, payload: Payload): Promise<boolean> {
    if (!payload) return false;
    if (payload.postback) {
      this.handled.push('postback');
      await context.sendActivity('Are you sure?');
      await this.showChoices(context);
    } else if (payload.optin) {
      this.handled.push('optin');
    } else if (payload.message?.quick_reply) {
      this.handled.push('quickReply');
      await this.onQuickReply(context);
    } else if (payload.message?.is_echo) {
      this.handled.push('echo');
    } else {
      return false;
    }
    return true;
  }

  private async onQuickReply(context: TurnContext): Promise<void> {
    if (context.activity.text === 'Facebook Page Id') {
      await context.sendActivity(`This message comes from the following Facebook Page: ${context.activity.recipient.id}`);
      await this.showChoices(context);
    } else if (context.activity.text === 'PostBack') {
      const card = CardFactory.heroCard(
        'Is 42 the answer to the ultimate question of Life, the Universe, and Everything?',
        [],
        CardFactory.actions(['Yes', 'No'].map((value) => ({ type: ActionTypes.PostBack, title: value, value }))),
      );
      await context.sendActivity({ attachments: [card] });
    } else {
      await this.showChoices(context);
    }
  }
}

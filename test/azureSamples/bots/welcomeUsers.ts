/** A bot shaped like Microsoft's sample 03.welcome-users (its texts; our own code). */
import { ActionTypes, ActivityHandler, CardFactory, MemoryStorage, UserState } from 'botbuilder';

export class WelcomeUsersBot extends ActivityHandler {
  private readonly userState = new UserState(new MemoryStorage());
  private readonly welcomed = this.userState.createProperty<boolean>('welcomedUserProperty');

  constructor() {
    super();
    this.onMembersAdded(async (context, next) => {
      for (const member of context.activity.membersAdded ?? []) {
        if (member.id === context.activity.recipient.id) continue;
        await context.sendActivity("Welcome to the 'Welcome User' Bot. This bot will introduce you to welcoming and greeting users.");
        await context.sendActivity(`You can use the activity's 'locale' property to welcome the user using the locale received from the channel. Current locale is '${context.activity.locale}'`);
      }
      await next();
    });
    this.onMessage(async (context, next) => {
      if (!(await this.welcomed.get(context, false))) {
        await context.sendActivity('You are seeing this message because this was your first message ever sent to this bot.');
        await context.sendActivity(`It is a good practice to welcome the user and provide personal greeting. For example, welcome ${context.activity.from.name}.`);
        await this.welcomed.set(context, true);
      } else if (['hello', 'hi'].includes((context.activity.text ?? '').toLowerCase())) {
        await context.sendActivity(`You said "${context.activity.text}"`);
      } else if (['intro', 'help'].includes((context.activity.text ?? '').toLowerCase())) {
        const card = CardFactory.heroCard('Welcome to Bot Framework!', 'Welcome to Welcome Users bot sample!', ['https://aka.ms/bf-welcome-card-image'], [
          { type: ActionTypes.OpenUrl, title: 'Get an overview', value: 'https://learn.microsoft.com/azure/bot-service/' },
        ]);
        await context.sendActivity({ attachments: [card] });
      }
      await next();
    });
  }

  override async run(context: Parameters<ActivityHandler['run']>[0]): Promise<void> {
    await super.run(context);
    await this.userState.saveChanges(context);
  }
}

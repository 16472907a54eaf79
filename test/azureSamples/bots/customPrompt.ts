/** A bot shaped like Microsoft's sample 44.prompt-for-user-input (its texts; our own code). */
import * as Recognizers from '@microsoft/recognizers-text-suite';
import { ActivityHandler, ConversationState, MemoryStorage, type TurnContext, UserState } from 'botbuilder';

type Asked = 'none' | 'name' | 'age' | 'date';
interface Profile {
  name?: string;
  age?: number;
}

export class CustomPromptBot extends ActivityHandler {
  private readonly conversationState = new ConversationState(new MemoryStorage());
  private readonly userState = new UserState(new MemoryStorage());
  private readonly flow = this.conversationState.createProperty<{ asked: Asked }>('flow');
  private readonly profile = this.userState.createProperty<Profile>('profile');

  constructor() {
    super();
    this.onMessage(async (context, next) => {
      const flow = await this.flow.get(context, { asked: 'none' });
      const profile = await this.profile.get(context, {});
      await this.step(context, flow, profile);
      await next();
    });
  }

  private async step(context: TurnContext, flow: { asked: Asked }, profile: Profile): Promise<void> {
    const input = context.activity.text ?? '';
    switch (flow.asked) {
      case 'none':
        await context.sendActivity("Let's get started. What is your name?");
        flow.asked = 'name';
        return;
      case 'name':
        profile.name = input.trim();
        await context.sendActivity(`I have your name as ${profile.name}.`);
        await context.sendActivity('How old are you?');
        flow.asked = 'age';
        return;
      case 'age': {
        const value = Recognizers.recognizeNumber(input, Recognizers.Culture.English)[0]?.resolution?.value;
        const age = Number.parseInt(String(value), 10);
        if (Number.isNaN(age) || age < 18 || age > 120) {
          await context.sendActivity('Please enter an age between 18 and 120.');
          return;
        }
        profile.age = age;
        await context.sendActivity(`I have your age as ${age}.`);
        await context.sendActivity('When is your flight?');
        flow.asked = 'date';
        return;
      }
      case 'date': {
        const earliest = Date.now() + 3600_000;
        const dates = Recognizers.recognizeDateTime(input, Recognizers.Culture.English).flatMap(
          (result) => (result.resolution?.values ?? []) as { value?: string; start?: string }[],
        );
        const when = dates.map((d) => new Date(d.value ?? d.start ?? '')).find((d) => d.getTime() > earliest);
        if (when === undefined) {
          await context.sendActivity("I'm sorry, please enter a date at least an hour out.");
          return;
        }
        await context.sendActivity(`Your cab ride to the airport is scheduled for ${when.toISOString()}.`);
        await context.sendActivity(`Thanks for completing the booking ${profile.name}.`);
        await context.sendActivity('Type anything to run the bot again.');
        flow.asked = 'none';
        return;
      }
    }
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.conversationState.saveChanges(context, false);
    await this.userState.saveChanges(context, false);
  }
}

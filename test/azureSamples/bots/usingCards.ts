/** A bot shaped like Microsoft's sample 06.using-cards (its texts and cards; our own code). */
import { ActionTypes, AttachmentLayoutTypes, type Attachment, CardFactory } from 'botbuilder';
import { ChoicePrompt, ComponentDialog, type FoundChoice, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import { DialogBot } from './dialogRunner';

const READ_MORE = [{ type: ActionTypes.OpenUrl, title: 'Read more', value: 'https://en.wikipedia.org/wiki/The_Empire_Strikes_Back' }];
const GET_STARTED = [{ type: ActionTypes.OpenUrl, title: 'Get started', value: 'https://learn.microsoft.com/azure/bot-service/' }];
const BOT_IMAGE = 'https://learn.microsoft.com/azure/bot-service/media/bot-service-overview.png';

const CARDS: Record<string, () => Attachment> = {
  'Adaptive Card': () =>
    CardFactory.adaptiveCard({
      type: 'AdaptiveCard',
      version: '1.0',
      body: [{ type: 'TextBlock', text: 'Passengers', weight: 'bolder' }],
      actions: [{ type: 'Action.OpenUrl', title: 'More info', url: 'https://adaptivecards.io' }],
    }),
  'Animation Card': () =>
    CardFactory.animationCard('Microsoft Bot Framework', [{ url: 'https://i.giphy.com/Ki55RUbOV5njy.gif' }], [], {
      subtitle: 'Animation Card',
    }),
  'Audio Card': () =>
    CardFactory.audioCard('I am your father', ['https://www.example.com/darthvader_yourfather.mp3'], CardFactory.actions(READ_MORE), {
      subtitle: 'Star Wars: Episode V - The Empire Strikes Back',
    }),
  'Hero Card': () => CardFactory.heroCard('BotFramework Hero Card', CardFactory.images([BOT_IMAGE]), CardFactory.actions(GET_STARTED)),
  'OAuth Card': () => CardFactory.oauthCard('OAuth connection', 'Sign In', 'BotFramework OAuth Card'),
  'Receipt Card': () =>
    CardFactory.receiptCard({
      title: 'John Doe',
      facts: [{ key: 'Order Number', value: '1234' }],
      items: [{ title: 'Data Transfer', price: '$ 38.45', quantity: '368' }],
      total: '$ 90.95',
      tax: '$ 7.50',
      buttons: CardFactory.actions(GET_STARTED),
    } as Parameters<typeof CardFactory.receiptCard>[0]),
  'Signin Card': () => CardFactory.signinCard('Sign-in', 'https://login.microsoftonline.com/', 'BotFramework Sign-in Card'),
  'Thumbnail Card': () =>
    CardFactory.thumbnailCard('BotFramework Thumbnail Card', [{ url: BOT_IMAGE }], CardFactory.actions(GET_STARTED), {
      subtitle: 'Your bots — wherever your users are talking.',
      text: 'Build and connect intelligent bots to interact with your users naturally wherever they are.',
    }),
  'Video Card': () =>
    CardFactory.videoCard('2018 Imagine Cup World Championship Intro', [{ url: 'https://www.example.com/imagine-cup.mp4' }], CardFactory.actions(READ_MORE), {
      subtitle: 'by Microsoft',
    }),
};

class CardsDialog extends ComponentDialog {
  constructor() {
    super('MainDialog');
    this.addDialog(new ChoicePrompt('cardPrompt'));
    this.addDialog(
      new WaterfallDialog('main', [
        async (step: WaterfallStepContext) =>
          step.prompt('cardPrompt', {
            prompt: 'What card would you like to see? You can click or type the card name',
            retryPrompt: 'That was not a valid choice, please select a card or number from 1 to 9.',
            choices: [...Object.keys(CARDS), 'All Cards'],
          }),
        async (step: WaterfallStepContext) => {
          const picked = CARDS[(step.result as FoundChoice).value];
          await step.context.sendActivity(
            picked
              ? { attachments: [picked()] }
              : { attachments: Object.values(CARDS).map((card) => card()), attachmentLayout: AttachmentLayoutTypes.Carousel },
          );
          await step.context.sendActivity('Type anything to see another card.');
          return step.endDialog();
        },
      ]),
    );
    this.initialDialogId = 'main';
  }
}

export class UsingCardsBot extends DialogBot {
  constructor() {
    super(() => new CardsDialog());
    this.onMembersAdded(async (context, next) => {
      for (const member of context.activity.membersAdded ?? []) {
        if (member.id === context.activity.recipient.id) continue;
        await context.sendActivity('Welcome to CardBot. This bot will show you different types of Rich Cards. Please type anything to get started.');
      }
      await next();
    });
  }
}

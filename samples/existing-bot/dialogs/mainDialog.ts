/**
 * The main dialog: a choice prompt, then a hero card carousel with a choice prompt, an attachment
 * prompt (photos) or a text prompt (feedback), and a confirm prompt to go round again. Ordinary
 * botbuilder-dialogs code.
 *
 * @module
 */
import {
  type Attachment,
  MessageFactory,
  type StatePropertyAccessor,
  type TurnContext,
  type UserState,
} from 'botbuilder';
import {
  AttachmentPrompt,
  ChoicePrompt,
  ComponentDialog,
  ConfirmPrompt,
  DialogSet,
  type DialogState,
  DialogTurnStatus,
  type FoundChoice,
  ListStyle,
  type PromptValidatorContext,
  TextPrompt,
  WaterfallDialog,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { SHIRTS, shirtCards } from './shirts';

const MENU_PROMPT = 'menuPrompt';
const SHIRT_PROMPT = 'shirtPrompt';
const PHOTO_PROMPT = 'photoPrompt';
const FEEDBACK_PROMPT = 'feedbackPrompt';
const AGAIN_PROMPT = 'againPrompt';
const MAIN_WATERFALL = 'mainWaterfall';

export const MENU = ['Browse shirts', 'Send a photo', 'Give feedback'];

/** What the bot remembers about a user. */
export interface UserProfile {
  favouriteShirt?: string;
}

/** What the waterfall keeps between its steps. */
interface StepValues {
  choice?: string;
}

/** Accepts JPEG and PNG photos only. */
async function photoValidator(prompt: PromptValidatorContext<Attachment[]>): Promise<boolean> {
  const photos = (prompt.recognized.value ?? []).filter((attachment) =>
    ['image/jpeg', 'image/png'].includes(attachment.contentType),
  );
  if (prompt.recognized.succeeded && photos.length > 0) {
    prompt.recognized.value = photos;
    return true;
  }
  return false;
}

export class MainDialog extends ComponentDialog {
  private readonly profile: StatePropertyAccessor<UserProfile>;

  /** @param imageBaseUrl where the shirt pictures are (see {@link shirtCards}). */
  constructor(
    userState: UserState,
    private readonly imageBaseUrl?: string,
  ) {
    super('mainDialog');
    this.profile = userState.createProperty<UserProfile>('UserProfile');

    this.addDialog(new ChoicePrompt(MENU_PROMPT));
    const shirtPrompt = new ChoicePrompt(SHIRT_PROMPT);
    shirtPrompt.style = ListStyle.none; // the carousel's buttons are the choices
    this.addDialog(shirtPrompt);
    this.addDialog(new AttachmentPrompt(PHOTO_PROMPT, photoValidator));
    this.addDialog(new TextPrompt(FEEDBACK_PROMPT));
    this.addDialog(new ConfirmPrompt(AGAIN_PROMPT));
    this.addDialog(
      new WaterfallDialog(MAIN_WATERFALL, [
        this.menuStep.bind(this),
        this.actionStep.bind(this),
        this.resultStep.bind(this),
        this.againStep.bind(this),
      ]),
    );
    this.initialDialogId = MAIN_WATERFALL;
  }

  /** Runs the dialog: continues the active one, or starts it. */
  async run(context: TurnContext, accessor: StatePropertyAccessor<DialogState>): Promise<void> {
    const dialogSet = new DialogSet(accessor);
    dialogSet.add(this);
    const dialogContext = await dialogSet.createContext(context);
    const result = await dialogContext.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dialogContext.beginDialog(this.id);
  }

  private async menuStep(step: WaterfallStepContext) {
    const profile = await this.profile.get(step.context, {});
    const greeting = profile.favouriteShirt
      ? `Welcome back! Last time you chose the ${profile.favouriteShirt}. `
      : '';
    return step.prompt(MENU_PROMPT, { prompt: `${greeting}What would you like to do?`, choices: MENU });
  }

  private async actionStep(step: WaterfallStepContext) {
    const choice = (step.result as FoundChoice).value;
    (step.values as StepValues).choice = choice;
    if (choice === 'Browse shirts') {
      return step.prompt(SHIRT_PROMPT, {
        prompt: MessageFactory.carousel(shirtCards(this.imageBaseUrl), 'Here is what we have. Tap "Choose" under a shirt.'),
        retryPrompt: 'Please tap "Choose" under one of the shirts.',
        choices: SHIRTS.map((shirt) => shirt.name),
      });
    }
    if (choice === 'Send a photo') {
      return step.prompt(PHOTO_PROMPT, {
        prompt: 'Send me a photo of the item (JPEG or PNG).',
        retryPrompt: 'That was not a JPEG or PNG photo. Please send a photo.',
      });
    }
    return step.prompt(FEEDBACK_PROMPT, 'What could we do better?');
  }

  private async resultStep(step: WaterfallStepContext) {
    const { choice } = step.values as StepValues;
    if (choice === 'Browse shirts') {
      const shirt = (step.result as FoundChoice).value;
      const profile = await this.profile.get(step.context, {});
      profile.favouriteShirt = shirt;
      await step.context.sendActivity(`Good choice: the ${shirt}. It is in stock in every size.`);
    } else if (choice === 'Send a photo') {
      const [photo] = step.result as Attachment[];
      if (photo) {
        await step.context.sendActivity(
          MessageFactory.attachment(
            { contentType: photo.contentType, contentUrl: photo.contentUrl },
            `Thanks! I got your ${photo.contentType} photo. Here it is back:`,
          ),
        );
      }
    } else {
      await step.context.sendActivity('Thank you for the feedback. We read every message.');
    }
    return step.prompt(AGAIN_PROMPT, 'Is there anything else I can do for you?');
  }

  private async againStep(step: WaterfallStepContext) {
    if (step.result === true) return step.replaceDialog(MAIN_WATERFALL);
    await step.context.sendActivity('Thanks for visiting Acme Outfitters. Have a good day!');
    return step.endDialog();
  }
}

/** A bot shaped like Microsoft's sample 05.multi-turn-prompt (its texts; our own code). */
import { type Attachment, MessageFactory } from 'botbuilder';
import {
  AttachmentPrompt,
  ChoiceFactory,
  ChoicePrompt,
  ComponentDialog,
  ConfirmPrompt,
  type FoundChoice,
  NumberPrompt,
  type PromptValidatorContext,
  TextPrompt,
  WaterfallDialog,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { DialogBot } from './dialogRunner';

type Values = { transport?: string; name?: string; age?: number; picture?: Attachment };

class UserProfileDialog extends ComponentDialog {
  constructor() {
    super('userProfileDialog');
    this.addDialog(new TextPrompt('NAME'));
    this.addDialog(new ChoicePrompt('CHOICE'));
    this.addDialog(new ConfirmPrompt('CONFIRM'));
    this.addDialog(
      new NumberPrompt('NUMBER', async (prompt: PromptValidatorContext<number>) =>
        prompt.recognized.succeeded && (prompt.recognized.value ?? 0) > 0 && (prompt.recognized.value ?? 0) < 150,
      ),
    );
    this.addDialog(
      new AttachmentPrompt('PICTURE', async (prompt: PromptValidatorContext<Attachment[]>) => {
        if (!prompt.recognized.succeeded) {
          await prompt.context.sendActivity('No attachments received. Proceeding without a profile picture...');
          return true;
        }
        const images = (prompt.recognized.value ?? []).filter((a) => a.contentType === 'image/jpeg' || a.contentType === 'image/png');
        prompt.recognized.value = images;
        return images.length > 0;
      }),
    );
    const v = (step: WaterfallStepContext): Values => step.values as Values;
    this.addDialog(
      new WaterfallDialog('steps', [
        async (step) =>
          step.prompt('CHOICE', { prompt: 'Please enter your mode of transport.', choices: ChoiceFactory.toChoices(['Car', 'Bus', 'Bicycle']) }),
        async (step) => {
          v(step).transport = (step.result as FoundChoice).value;
          return step.prompt('NAME', 'Please enter your name.');
        },
        async (step) => {
          v(step).name = step.result as string;
          await step.context.sendActivity(`Thanks ${step.result}.`);
          return step.prompt('CONFIRM', 'Do you want to give your age?', ['yes', 'no']);
        },
        async (step) =>
          step.result
            ? step.prompt('NUMBER', { prompt: 'Please enter your age.', retryPrompt: 'The value entered must be greater than 0 and less than 150.' })
            : step.next(-1),
        async (step) => {
          v(step).age = step.result as number;
          await step.context.sendActivity(v(step).age === -1 ? 'No age given.' : `I have your age as ${v(step).age}.`);
          return step.prompt('PICTURE', {
            prompt: 'Please attach a profile picture (or type any message to skip).',
            retryPrompt: 'The attachment must be a jpeg/png image file.',
          });
        },
        async (step) => {
          const values = v(step);
          values.picture = (step.result as Attachment[] | undefined)?.[0];
          const age = values.age !== -1 ? ` and your age as ${values.age}` : '';
          await step.context.sendActivity(`I have your mode of transport as ${values.transport} and your name as ${values.name}${age}.`);
          if (values.picture) await step.context.sendActivity(MessageFactory.attachment(values.picture, 'This is your profile picture.'));
          return step.prompt('CONFIRM', { prompt: 'Is this okay?' });
        },
        async (step) => {
          await step.context.sendActivity(step.result ? 'Thanks. Your profile saved successfully.' : 'Thanks. Your profile will not be kept.');
          return step.endDialog();
        },
      ]),
    );
    this.initialDialogId = 'steps';
  }
}

export class MultiTurnPromptBot extends DialogBot {
  constructor() {
    super(() => new UserProfileDialog());
  }
}

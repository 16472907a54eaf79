/** A bot shaped like Microsoft's sample 43.complex-dialog (its texts; our own code). */
import {
  ChoicePrompt,
  ComponentDialog,
  type FoundChoice,
  NumberPrompt,
  TextPrompt,
  WaterfallDialog,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { DialogBot } from './dialogRunner';

const COMPANIES = ['Adatum Corporation', 'Contoso Suites', 'Graphic Design Institute', 'Wide World Importers'];

class ReviewSelection extends ComponentDialog {
  constructor() {
    super('REVIEW');
    this.addDialog(new ChoicePrompt('CHOICE'));
    this.addDialog(
      new WaterfallDialog('LOOP', [
        async (step: WaterfallStepContext) => {
          const picked = Array.isArray(step.options) ? (step.options as string[]) : [];
          (step.values as Record<string, unknown>).picked = picked;
          const prompt =
            picked.length === 0
              ? 'Please choose a company to review, or `done` to finish.'
              : `You have selected **${picked[0]}**. You can review an additional company, or choose \`done\` to finish.`;
          const choices = [...COMPANIES.filter((company) => company !== picked[0]), 'done'];
          return step.prompt('CHOICE', { prompt, retryPrompt: 'Please choose an option from the list.', choices });
        },
        async (step: WaterfallStepContext) => {
          const picked = (step.values as Record<string, unknown>).picked as string[];
          const choice = (step.result as FoundChoice).value;
          if (choice !== 'done') picked.push(choice);
          return choice === 'done' || picked.length > 1 ? step.endDialog(picked) : step.replaceDialog('LOOP', picked);
        },
      ]),
    );
    this.initialDialogId = 'LOOP';
  }
}

class TopLevel extends ComponentDialog {
  constructor() {
    super('TOP');
    this.addDialog(new TextPrompt('TEXT'));
    this.addDialog(new NumberPrompt('NUMBER'));
    this.addDialog(new ReviewSelection());
    this.addDialog(
      new WaterfallDialog('STEPS', [
        async (step: WaterfallStepContext) => step.prompt('TEXT', { prompt: 'Please enter your name.' }),
        async (step: WaterfallStepContext) => {
          (step.values as Record<string, unknown>).name = step.result;
          return step.prompt('NUMBER', { prompt: 'Please enter your age.' });
        },
        async (step: WaterfallStepContext) => {
          if ((step.result as number) < 25) {
            await step.context.sendActivity('You must be 25 or older to participate.');
            return step.next();
          }
          return step.beginDialog('REVIEW');
        },
        async (step: WaterfallStepContext) => {
          await step.context.sendActivity(`Thanks for participating ${String((step.values as Record<string, unknown>).name)}`);
          return step.endDialog({ companies: (step.result as string[] | undefined) ?? [] });
        },
      ]),
    );
    this.initialDialogId = 'STEPS';
  }
}

class Main extends ComponentDialog {
  constructor() {
    super('MAIN');
    this.addDialog(new TopLevel());
    this.addDialog(
      new WaterfallDialog('MAIN_STEPS', [
        async (step: WaterfallStepContext) => step.beginDialog('TOP'),
        async (step: WaterfallStepContext) => {
          const { companies } = step.result as { companies: string[] };
          await step.context.sendActivity(
            `You are signed up to review ${companies.length === 0 ? 'no companies' : companies.join(' and ')}.`,
          );
          return step.endDialog();
        },
      ]),
    );
    this.initialDialogId = 'MAIN_STEPS';
  }
}

export class ComplexDialogBot extends DialogBot {
  constructor() {
    super(() => new Main());
    this.onMembersAdded(async (context, next) => {
      for (const member of context.activity.membersAdded ?? []) {
        if (member.id === context.activity.recipient.id) continue;
        await context.sendActivity(`Welcome to Complex Dialog Bot ${member.name}. This bot provides a complex conversation, with multiple dialogs. Type anything to get started.`);
      }
      await next();
    });
  }
}

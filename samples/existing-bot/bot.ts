/**
 * An ordinary botbuilder dialog bot, as in Microsoft's samples: it welcomes new users, runs the main
 * dialog on every message and saves state after each turn. Nothing here is Messenger-specific.
 *
 * @module
 */
import {
  ActivityHandler,
  type ConversationState,
  type StatePropertyAccessor,
  type TurnContext,
  type UserState,
} from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { MainDialog } from './dialogs/mainDialog';

export class DialogBot extends ActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;

  constructor(
    private readonly conversationState: ConversationState,
    private readonly userState: UserState,
    private readonly dialog: MainDialog,
  ) {
    super();
    this.dialogState = conversationState.createProperty<DialogState>('DialogState');

    this.onMembersAdded(async (context, next) => {
      for (const member of context.activity.membersAdded ?? []) {
        if (member.id !== context.activity.recipient.id) {
          await context.sendActivity(
            'Welcome to Acme Outfitters! I can show you our shirts or take a photo of an item.',
          );
        }
      }
      await next();
    });

    this.onMessage(async (context, next) => {
      await this.dialog.run(context, this.dialogState);
      await next();
    });
  }

  /** Runs the turn, then saves what the dialogs changed. */
  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.conversationState.saveChanges(context, false);
    await this.userState.saveChanges(context, false);
  }
}

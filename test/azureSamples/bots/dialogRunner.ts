/** The DialogBot shape shared by Microsoft's dialog samples (05, 43): run the main dialog, save state. */
import { ActivityHandler, ConversationState, MemoryStorage, type TurnContext, UserState } from 'botbuilder';
import { type Dialog, DialogSet, DialogTurnStatus } from 'botbuilder-dialogs';

export class DialogBot extends ActivityHandler {
  protected readonly conversationState: ConversationState;
  protected readonly userState: UserState;

  constructor(dialog: (userState: UserState) => Dialog) {
    super();
    const storage = new MemoryStorage();
    this.conversationState = new ConversationState(storage);
    this.userState = new UserState(storage);
    const main = dialog(this.userState);
    const dialogState = this.conversationState.createProperty('DialogState');
    this.onMessage(async (context, next) => {
      const dialogs = new DialogSet(dialogState);
      dialogs.add(main);
      const dc = await dialogs.createContext(context);
      const result = await dc.continueDialog();
      if (result.status === DialogTurnStatus.empty) await dc.beginDialog(main.id);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.conversationState.saveChanges(context, false);
    await this.userState.saveChanges(context, false);
  }
}

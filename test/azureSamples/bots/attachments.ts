/** A bot shaped like Microsoft's sample 15.handling-attachments (its behaviour; our own code). */
import { ActionTypes, ActivityHandler, type Attachment, CardFactory, type TurnContext } from 'botbuilder';

/** The image the bot sends (a tiny stand-in for the sample's architecture-resize.png). */
export const IMAGE = Buffer.from('\x89PNG\r\n\x1a\n-architecture-resize', 'latin1');
export const IMAGE_NAME = 'architecture-resize.png';
export const INTERNET_IMAGE = 'https://learn.microsoft.com/azure/bot-service/media/architecture-resize.png';

interface ConnectorLike {
  baseUri: string;
  conversations: { uploadAttachment(id: string, data: object): Promise<{ id: string }> };
}
interface FactoryLike {
  create(serviceUrl: string): Promise<ConnectorLike>;
}

export class AttachmentsBot extends ActivityHandler {
  constructor() {
    super();
    this.onMembersAdded(async (context, next) => {
      for (const member of context.activity.membersAdded ?? []) {
        if (member.id === context.activity.recipient.id) continue;
        await context.sendActivity('Welcome to the Attachment Handling sample! Send me an attachment and I will save it.');
        await context.sendActivity('Alternatively, I can send you an attachment.');
        await this.options(context);
      }
      await next();
    });
    this.onMessage(async (context, next) => {
      const received = context.activity.attachments ?? [];
      if (received.length > 0) {
        for (const attachment of received) {
          await context.sendActivity(`Attachment "${attachment.name}" has been received.`);
        }
      } else {
        await this.sendAttachment(context);
      }
      await this.options(context);
      await next();
    });
  }

  private async sendAttachment(context: TurnContext): Promise<void> {
    const choice = (context.activity.text ?? '')[0];
    if (choice === '1') {
      const contentUrl = `data:image/png;base64,${IMAGE.toString('base64')}`;
      await context.sendActivity({ text: 'This is an inline attachment.', attachments: [{ name: IMAGE_NAME, contentType: 'image/png', contentUrl }] });
    } else if (choice === '2') {
      await context.sendActivity({ text: 'This is an internet attachment.', attachments: [{ name: IMAGE_NAME, contentType: 'image/png', contentUrl: INTERNET_IMAGE }] });
    } else if (choice === '3') {
      await context.sendActivity({ text: 'This is an uploaded attachment.', attachments: [await this.uploaded(context)] });
    } else {
      await context.sendActivity('Your input was not recognized, please try again.');
    }
  }

  /** The sample's botbuilder connector path, as `CloudAdapter` bots write it. */
  private async uploaded(context: TurnContext): Promise<Attachment> {
    const adapter = context.adapter as unknown as { ConnectorFactoryKey: symbol }; // CloudAdapter's property, read as the sample does
    const factory = context.turnState.get(adapter.ConnectorFactoryKey) as FactoryLike;
    const connector = await factory.create(context.activity.serviceUrl);
    const response = await connector.conversations.uploadAttachment(context.activity.conversation.id, {
      name: IMAGE_NAME,
      originalBase64: IMAGE,
      type: 'image/png',
    });
    const base = connector.baseUri;
    const contentUrl = `${base}${base.endsWith('/') ? '' : '/'}v3/attachments/${encodeURI(response.id)}/views/original`;
    return { name: IMAGE_NAME, contentType: 'image/png', contentUrl };
  }

  private async options(context: TurnContext): Promise<void> {
    const buttons = ['1. Inline Attachment', '2. Internet Attachment', '3. Uploaded Attachment'].map((title) => ({
      type: ActionTypes.ImBack,
      title,
      value: title[0] ?? '',
    }));
    const card = CardFactory.heroCard('', undefined, buttons, { text: 'You can upload an image or select one of the following choices.' });
    await context.sendActivity({ attachments: [card] });
  }
}

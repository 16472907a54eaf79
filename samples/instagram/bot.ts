/**
 * The contact-centre bot on an Instagram professional account, plus what only Instagram has:
 * story mentions and story replies. Long answers need nothing special: the adapter splits text into
 * messages of at most 1000 UTF-8 bytes on Instagram (2000 characters on Messenger).
 *
 * @module
 */
import type { TurnContext } from 'botbuilder';
import { ContactCentreBot, withMenu } from '../contact-centre/bot';

/** Inbound attachment types of Instagram stories (set by the adapter). */
export const STORY_MENTION = 'application/vnd.instagram.story_mention';
export const STORY_REPLY = 'application/vnd.instagram.story_reply';

/** A long answer (about 1.1 kB): more than one Instagram message. */
export const SHIPPING_POLICY = [
  'We ship to every country in the European Union, to Switzerland, Norway and the United Kingdom.',
  'Orders placed before 2 pm (Vienna time) on a working day leave our warehouse the same day.',
  'Standard delivery takes 2 to 4 working days inside the EU and 4 to 6 working days elsewhere; express delivery takes 1 to 2 working days and costs 9 EUR.',
  'Standard delivery is free from 60 EUR; below that it costs 4.90 EUR.',
  'You get a tracking link by e-mail as soon as the parcel leaves, and you can change the delivery address until then.',
  'If nobody is at home, the carrier leaves a note and tries again the next working day, or you can pick the parcel up at a nearby point for 10 days.',
  'Returns are free within 30 days: print the label from the link in your confirmation e-mail, or ask us here and we will send it to you.',
  'Customs duties for the United Kingdom, Switzerland and Norway are included in the price, so there is nothing more to pay on delivery.',
  'Questions about sizes or a delivery? Ask to talk to a person: our team in Vienna answers within one working day. Grüße aus Wien! 📦',
].join(' ');

export class InstagramBot extends ContactCentreBot {
  protected override async answer(context: TurnContext): Promise<void> {
    const types = (context.activity.attachments ?? []).map((attachment) => attachment.contentType);
    if (types.includes(STORY_MENTION)) {
      await context.sendActivity(withMenu('Thank you for mentioning us in your story!'));
      return;
    }
    if (types.includes(STORY_REPLY)) {
      await context.sendActivity(
        withMenu('Thanks for replying to our story. Happy to help with anything else.'),
      );
      return;
    }
    if (/\b(ship|shipping|delivery|deliver)\b/i.test(context.activity.text ?? '')) {
      await context.sendActivity(SHIPPING_POLICY);
      return;
    }
    await super.answer(context);
  }
}

/**
 * The contact-centre bot: answers what it can, hands the conversation to a person when asked (Bot
 * Framework's standard handoff, `handoff.initiate`), stays quiet while the person talks, and takes
 * over again when control comes back (`handoff.status` `completed`). Plain botbuilder code: the
 * Messenger specifics live in `index.ts`.
 *
 * @module
 */
import {
  ActivityHandler,
  type ConversationReference,
  EventFactory,
  MessageFactory,
  TurnContext,
} from 'botbuilder';

/** Quick replies the bot offers. */
export const MENU = ['Track my order', 'Talk to a person'] as const;

/** The Get Started button's payload (the welcome itself runs in `onMembersAdded`). */
/**
 * The text `AttachmentMiddleware` gives a message that is only Messenger's thumbs-up sticker
 * (its `thumbsUpText` option), so the bot answers a "like" as a like, not as a file.
 */
export const THUMBS_UP_TEXT = '(thumbs up)';

export const GET_STARTED = 'GET_STARTED';

/** What the bot tells its owner (ids only) and where it keeps conversation references. */
export interface ContactCentreHooks {
  /** Called on every user message with where to reach the user later (agent desk, follow-ups). */
  rememberConversation?(reference: Partial<ConversationReference>): Promise<void>;
  /**
   * Called for every handoff status: `accepted`, `failed` or `completed`, with what caused it and the
   * error code of a failure (from the status event's `channelData`, when the channel gives them).
   */
  onHandoffStatus?(
    state: string,
    conversationId: string,
    facts: { trigger?: string; errorCode?: string },
  ): void;
}

/** True when the user asks for a person. */
export function wantsPerson(text: string): boolean {
  return /\b(person|human|agent|someone|operator)\b/i.test(text);
}

/** A text with the menu as quick replies (botbuilder suggested actions). */
export function withMenu(text: string) {
  return MessageFactory.suggestedActions([...MENU], text);
}

/** The contact-centre bot (see the module comment). */
export class ContactCentreBot extends ActivityHandler {
  constructor(protected readonly hooks: ContactCentreHooks = {}) {
    super();

    this.onMembersAdded(async (context, next) => {
      for (const member of context.activity.membersAdded ?? []) {
        if (member.id !== context.activity.recipient.id) {
          await context.sendActivity(
            withMenu("Hi! I'm Acme's assistant. I can track your order, or put you through to a person."),
          );
        }
      }
      await next();
    });

    this.onMessage(async (context, next) => {
      await this.hooks.rememberConversation?.(TurnContext.getConversationReference(context.activity));
      await this.answer(context);
      await next();
    });

    this.onEvent(async (context, next) => {
      if (context.activity.name === 'handoff.status') await this.onHandoff(context);
      // A comment on the Page's post (or the Instagram account's): the reply goes to the commenter as the
      // comment's one private reply; their answer starts a normal conversation.
      // (Not the Page's own comments: its public replies come back as comment events too.)
      if (context.activity.name === 'messenger.comment' && context.activity.from.id !== context.activity.recipient.id) {
        await context.sendActivity(
          "Thanks for your comment! Write to me here and I'll track your order or put you through to a person.",
        );
      }
      await next();
    });
  }

  /** Answers a user message. */
  protected async answer(context: TurnContext): Promise<void> {
    const text = (context.activity.text ?? '').trim();
    const attachments = context.activity.attachments ?? [];
    if (text === GET_STARTED) return; // the welcome was sent by onMembersAdded
    if (wantsPerson(text)) {
      await context.sendActivity(
        'Connecting you with a person. They will answer here, usually within minutes.',
      );
      await context.sendActivity(EventFactory.createHandoffInitiation(context, { skill: 'support' }));
      return;
    }
    if (/\b(track|order|parcel|delivery)\b/i.test(text)) {
      await context.sendActivity(
        withMenu('Order A-1042 left our warehouse yesterday. It should arrive on Thursday.'),
      );
      return;
    }
    if (text === THUMBS_UP_TEXT) {
      await context.sendActivity(withMenu('Glad to hear it! Is there anything else I can do?'));
      return;
    }
    if (attachments.length > 0) {
      await context.sendActivity(withMenu('Thanks, I have your file. A person can look at it with you.'));
      return;
    }
    await context.sendActivity(withMenu('I can track your order, or put you through to a person.'));
  }

  /** `handoff.status`: `accepted` (a person has the conversation), `failed`, `completed` (back to the bot). */
  protected async onHandoff(context: TurnContext): Promise<void> {
    const { state } = (context.activity.value ?? {}) as { state?: string };
    const { trigger, errorCode } = (context.activity.channelData ?? {}) as {
      trigger?: string;
      errorCode?: string;
    };
    this.hooks.onHandoffStatus?.(state ?? 'unknown', context.activity.conversation.id, {
      trigger,
      errorCode,
    });
    if (state === 'failed') {
      await context.sendActivity(
        withMenu('Sorry, I could not reach a person just now. Please try again later.'),
      );
    } else if (state === 'completed') {
      await context.sendActivity(withMenu("I'm back. Is there anything else I can help with?"));
    }
    // accepted: a person is talking now; the bot says nothing.
  }
}

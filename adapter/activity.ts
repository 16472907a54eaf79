/**
 * Plain, framework-neutral activity shapes. The Messenger core (webhook parsing, inbound and outbound
 * mapping, policies) works on these, so it needs no botbuilder runtime class; they are structurally
 * compatible with botbuilder's `Partial<Activity>`.
 *
 * @module
 */

/** A Bot Framework channel account (user, Page or Instagram account). */
export interface PlainChannelAccount {
  id: string;
  name?: string;
  role?: string;
}

/** A Bot Framework conversation account. */
export interface PlainConversationAccount {
  id: string;
  isGroup?: boolean;
  conversationType?: string;
  name?: string;
}

/** A Bot Framework attachment. */
export interface PlainAttachment {
  contentType: string;
  contentUrl?: string;
  content?: unknown;
  name?: string;
  thumbnailUrl?: string;
}

/** A Bot Framework card action (button, suggested action). */
export interface PlainCardAction {
  type: string;
  title?: string;
  value?: unknown;
  image?: string;
  text?: string;
  displayText?: string;
}

/** A reaction in `reactionsAdded` / `reactionsRemoved`. */
export interface PlainMessageReaction {
  type: string;
}

/** A framework-neutral Bot Framework activity (a subset of botframework-schema's `Activity`). */
export interface PlainActivity {
  type?: string;
  id?: string;
  timestamp?: Date;
  localTimestamp?: Date;
  localTimezone?: string;
  channelId?: string;
  serviceUrl?: string;
  from?: PlainChannelAccount;
  recipient?: PlainChannelAccount;
  conversation?: PlainConversationAccount;
  text?: string;
  textFormat?: string;
  locale?: string;
  name?: string;
  value?: unknown;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- botbuilder types channelData as any; bots read it freely.
  channelData?: any;
  attachments?: PlainAttachment[];
  attachmentLayout?: string;
  suggestedActions?: { actions: PlainCardAction[]; to?: string[] };
  replyToId?: string;
  membersAdded?: PlainChannelAccount[];
  membersRemoved?: PlainChannelAccount[];
  reactionsAdded?: PlainMessageReaction[];
  reactionsRemoved?: PlainMessageReaction[];
  inputHint?: string;
  speak?: string;
  relatesTo?: unknown;
  entities?: { type: string; [key: string]: unknown }[];
}

/**
 * The activity -> Send API mapping: every outgoing Bot Framework activity as the Send API requests
 * that show it on Messenger or Instagram. Pure: no I/O.
 *
 * @module
 */

import type { PlainActivity, PlainAttachment } from '../activity';
import { MessengerError } from '../errors';
import type { MessengerChannelId } from '../platform';
import type { SendApiBody } from '../sendPipeline';
import { buttonMessages, textMessages } from './buttonMessages';
import { adaptiveCardMessages } from './cards/adaptiveCard';
import { joinText } from './cards/cardSchemas';
import { heroRunMessages } from './cards/carousel';
import { CardContentTypes, isCardContentType } from './cards/contentTypes';
import { type HeroCardParts, readHeroCard } from './cards/heroCard';
import { mediaCardMessages } from './cards/mediaCard';
import { oauthCardMessages } from './cards/oauthCard';
import { otherCardMessages } from './cards/otherCard';
import { receiptCardMessages } from './cards/receiptCard';
import { signinCardMessages } from './cards/signinCard';
import { readSendOptions, type SendOptions } from './channelData';
import { checkImageGridAttachment } from './imageGrid';
import { groupImages } from './imageSets';
import { budgetOf, mediaAttachmentMessage } from './media';
import { suggestedActionsToQuickReplies } from './quickReplies';
import { messageReactionRequests, reactionRequest } from './reactions';
import { stickerMessage } from './stickers';
import type { OutboundContext, OutboundMessage, OutboundRequest } from './types';
import { utilityRefusal } from './utilityTemplate';
import { copyWith } from '../copyWith';

/** Activity types that send nothing on Messenger by design. */
const SILENT_TYPES = new Set(['trace', 'endOfConversation']);

/**
 * The Send API requests for one outgoing activity, in the order to send them.
 *
 * @remarks
 * - `message`: text, attachments (cards and media) and suggested actions, mapped as described on
 *   each part: text split to the channel limit (`splitText`), hero / thumbnail card runs as generic
 *   template carousels, receipt / sign-in / media / adaptive / OAuth cards as the nearest template or
 *   media message, media attachments one per message (but consecutive images together), suggested actions as `quick_replies` on the
 *   LAST message (link and call actions as buttons with the text). The text comes first, then the
 *   attachments in order. `speak` and `inputHint` have no Messenger form and are ignored.
 * - `channelData` options (see `readSendOptions`) are applied to every message; `reply_to` only to
 *   the first; `channelData.attachment` replaces the mapped attachments; `channelData.quick_replies`
 *   the mapped quick replies; `channelData.sender_action` becomes a separate request first.
 *   `activity.replyToId` does not make a quoted reply: quoting is only `channelData.reply_to`.
 * - `channelData.template` (a utility template, see `utilityMessage`) -> one message
 *   `{ messaging_type: 'UTILITY', message: { template } }` (Messenger only; free text marked UTILITY,
 *   or a template with other content, throws `NOT_SUPPORTED`).
 * - `typing` -> one `sender_action: typing_on` request.
 * - `messageReaction` -> `sender_action: react` (`reactionsAdded`) or `unreact` (`reactionsRemoved`)
 *   with `payload: { message_id: replyToId, reaction }` (see `reactionActivity`); so does
 *   `channelData.sender_action` `react` / `unreact` with `channelData.payload`.
 * - `channelData.sticker_id` -> a `message: { sticker_id }` after the text (Messenger only).
 * - Consecutive image attachments (by URL or attachment id) -> one `message.attachments[]` message
 *   (up to 30 images on Messenger, 10 on Instagram; see `groupImages`).
 * - `channelData.attachment` with `template_type: 'image_grid'` (see `imageGridMessage`) is checked
 *   against Meta's rules (2–6 images, one hero at most) and refused on Instagram (`NOT_SUPPORTED`).
 * - `trace` and `endOfConversation` -> `[]` (nothing to send by design).
 * - `delay` (wait), `event` (handoff and others) and `invokeResponse` are the adapter's to handle
 *   and throw `NOT_SUPPORTED` here, as does any other type.
 *
 * - Instagram gets the same mapping within its limits (text <= 1000 UTF-8 bytes, quick replies
 *   without images, no `phone_number` buttons: call actions become text; no receipt template: a
 *   text receipt). botbuilder's prompts only offer suggested actions on channel `facebook`; set
 *   `style: ListStyle.suggestedAction` on `ChoicePrompt` / `ConfirmPrompt` to get quick replies on
 *   Instagram too.
 *
 * Throws a `MessengerError` (`NOT_SUPPORTED`) naming the problem for input Messenger cannot show:
 * an empty message, quick replies with no text or attachment, a malformed card, an action without
 * a usable value, a media attachment without a URL or bytes. Nothing is dropped silently.
 *
 * @example
 * ```ts
 * activityToSendRequests(
 *   { type: 'message', text: 'Pick a colour', suggestedActions: { actions: [{ type: 'imBack', title: 'Red', value: 'red' }] } },
 *   { channelId: 'facebook', recipientId: '6780462125377510', messagingType: 'RESPONSE' },
 * );
 * // [{ kind: 'message', budget: 'text', body: { recipient: { id: '6780462125377510' }, messaging_type: 'RESPONSE',
 * //    message: { text: 'Pick a colour', quick_replies: [{ content_type: 'text', title: 'Red', payload: 'red' }] } } }]
 * ```
 */
export function activityToSendRequests(activity: PlainActivity, context: OutboundContext): OutboundRequest[] {
  const type = activity.type ?? 'message';
  if (SILENT_TYPES.has(type)) return [];
  if (type === 'typing') {
    const options = readSendOptions(activity.channelData, context.channelId);
    return [senderActionRequest('typing_on', context, options)];
  }
  if (type === 'message') return messageRequests(activity, context);
  if (type === 'messageReaction') return messageReactionRequests(activity, context);
  throw new MessengerError(
    'NOT_SUPPORTED',
    `An outgoing '${type}' activity has no Send API form: the adapter handles 'delay' and 'event' itself, ` +
      "and only 'message', 'typing' and 'messageReaction' activities are sent to Messenger.",
    { details: { activityType: type } },
  );
}

function messageRequests(activity: PlainActivity, context: OutboundContext): OutboundRequest[] {
  const { channelId } = context;
  const options = readSendOptions(activity.channelData, channelId);
  const refusal = utilityRefusal({
    channelId,
    messagingType: options.messaging_type,
    hasTemplate: options.template !== undefined,
    hasOtherContent:
      Boolean(activity.text) ||
      (activity.attachments?.length ?? 0) > 0 ||
      (activity.suggestedActions?.actions?.length ?? 0) > 0 ||
      options.attachment !== undefined ||
      options.quick_replies !== undefined ||
      options.tag !== undefined,
  });
  if (refusal) throw refusal;
  if (options.template) {
    // A utility message: the template alone, with messaging_type UTILITY (see utilityTemplate.ts).
    const utility = { message: { template: options.template }, budget: 'text' as const };
    return [messageRequest(utility, true, true, context, copyWith(options, { messaging_type: 'UTILITY' as const }))];
  }
  const actions = activity.suggestedActions?.actions ?? [];
  const suggestions = actions.length > 0 ? suggestedActionsToQuickReplies(actions, channelId) : undefined;

  const text =
    suggestions === undefined
      ? trimmedText(activity.text)
      : joinText([activity.text, suggestions.listText, joinText(suggestions.textLines)], '\n\n');
  const messages: OutboundMessage[] =
    suggestions && suggestions.buttons.length > 0
      ? buttonMessages(text, suggestions.buttons, channelId)
      : textMessages(text, channelId);

  if (options.sticker_id !== undefined) messages.push(stickerMessage(options.sticker_id, channelId));
  if (options.attachment) {
    checkImageGridAttachment(options.attachment, channelId);
    messages.push({ message: { attachment: options.attachment }, budget: budgetOf(options.attachment.type) });
  } else if (activity.attachments !== undefined && activity.attachments.length > 0) {
    messages.push(...groupImages(attachmentMessages(activity.attachments, channelId), channelId));
  }

  const quickReplies = options.quick_replies ?? suggestions?.quickReplies ?? [];
  const last = messages[messages.length - 1];
  if (quickReplies.length > 0) {
    if (!last) {
      throw new MessengerError(
        'NOT_SUPPORTED',
        'Messenger shows quick replies (suggested actions) only with a text or an attachment: give the activity a text, ' +
          "e.g. MessageFactory.suggestedActions(actions, 'Pick one').",
      );
    }
    last.message.quick_replies = quickReplies;
  }

  const requests: OutboundRequest[] = [];
  if (options.sender_action === 'react' || options.sender_action === 'unreact') {
    requests.push(reactionRequest(options.sender_action, options.payload ?? { message_id: '' }, context));
  } else if (options.sender_action) {
    requests.push(senderActionRequest(options.sender_action, context, options));
  }
  requests.push(
    ...messages.map((message, i) =>
      messageRequest(message, i === 0, i === messages.length - 1, context, options),
    ),
  );
  if (requests.length === 0) {
    throw new MessengerError(
      'NOT_SUPPORTED',
      'The message activity has nothing Messenger can show: give it a text, attachments, or channelData.attachment.',
    );
  }
  return requests;
}

/** `joinText([text])`: the text trimmed, `''` when it is missing or blank. */
function trimmedText(text: string | undefined): string {
  return typeof text === 'string' ? text.trim() : '';
}

/** Cards and media, in order; consecutive hero / thumbnail cards form one carousel. */
function attachmentMessages(
  attachments: readonly PlainAttachment[],
  channelId: MessengerChannelId,
): OutboundMessage[] {
  const messages: OutboundMessage[] = [];
  let heroRun: HeroCardParts[] = [];
  const flush = (): void => {
    if (heroRun.length > 0) messages.push(...heroRunMessages(heroRun, channelId));
    heroRun = [];
  };
  for (const attachment of attachments) {
    const contentType = (attachment.contentType ?? '').trim().toLowerCase();
    if (contentType === CardContentTypes.hero || contentType === CardContentTypes.thumbnail) {
      const name = contentType === CardContentTypes.hero ? 'hero card' : 'thumbnail card';
      heroRun.push(readHeroCard(attachment.content, channelId, name));
      continue;
    }
    flush();
    const mapped = singleAttachmentMessages(attachment, contentType, channelId);
    if (mapped.length === 0) {
      throw new MessengerError(
        'NOT_SUPPORTED',
        `The '${attachment.contentType}' attachment has no text, media or buttons, so Messenger has nothing to show.`,
        { details: { contentType: attachment.contentType } },
      );
    }
    messages.push(...mapped);
  }
  flush();
  return messages;
}

function singleAttachmentMessages(
  attachment: PlainAttachment,
  contentType: string,
  channelId: MessengerChannelId,
): OutboundMessage[] {
  switch (contentType) {
    case CardContentTypes.receipt:
      return receiptCardMessages(attachment.content, channelId);
    case CardContentTypes.signin:
      return signinCardMessages(attachment.content, channelId);
    case CardContentTypes.oauth:
      return oauthCardMessages(attachment.content, channelId);
    case CardContentTypes.adaptive:
      return adaptiveCardMessages(attachment.content, channelId);
    case CardContentTypes.animation:
      return mediaCardMessages(attachment.content, 'animation', channelId);
    case CardContentTypes.audio:
      return mediaCardMessages(attachment.content, 'audio', channelId);
    case CardContentTypes.video:
      return mediaCardMessages(attachment.content, 'video', channelId);
    default:
      if (isCardContentType(contentType))
        return otherCardMessages(attachment.contentType, attachment.content, channelId);
      return [mediaAttachmentMessage(attachment)];
  }
}

function messagingTypeOf(
  context: OutboundContext,
  options: SendOptions,
): NonNullable<SendApiBody['messaging_type']> {
  if (options.messaging_type) return options.messaging_type;
  return options.tag ? 'MESSAGE_TAG' : context.messagingType;
}

function messageRequest(
  pending: OutboundMessage,
  first: boolean,
  last: boolean,
  context: OutboundContext,
  options: SendOptions,
): OutboundRequest {
  const message =
    options.metadata === undefined ? pending.message : copyWith(pending.message, { metadata: options.metadata });
  const body: SendApiBody = {
    recipient: { id: context.recipientId },
    messaging_type: messagingTypeOf(context, options),
    message,
  };
  if (options.tag) body.tag = options.tag;
  if (options.notification_type) body.notification_type = options.notification_type;
  if (options.persona_id) body.persona_id = options.persona_id;
  if (first && options.reply_to) body.reply_to = options.reply_to;
  if (last && options.thread_control) body.thread_control = options.thread_control;
  const request: OutboundRequest = { kind: 'message', budget: pending.budget, body };
  if (pending.upload) request.upload = pending.upload;
  return request;
}

function senderActionRequest(
  action: 'typing_on' | 'typing_off' | 'mark_seen',
  context: OutboundContext,
  options: SendOptions,
): OutboundRequest {
  const body: SendApiBody = { recipient: { id: context.recipientId }, sender_action: action };
  if (options.persona_id && action !== 'mark_seen') body.persona_id = options.persona_id;
  return { kind: 'sender_action', budget: 'text', body };
}

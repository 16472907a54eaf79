/**
 * `suggestedActions` -> Send API `quick_replies` (and buttons for the actions that are links).
 *
 * @module
 */

import type { PlainCardAction } from '../activity';
import type { MessengerChannelId } from '../platform';
import { actionPayload, actionsToButtons, actionTitle, VALUE_ACTIONS } from './buttons';
import { QUICK_REPLIES_MAX, QUICK_REPLY_TITLE_MAX } from './limits';
import type { SendButton, SendQuickReply } from './types';

/** What an activity's suggested actions become. */
export interface MappedSuggestions {
  /** Quick replies for `imBack` / `postBack` / `messageBack` (at most 13). */
  quickReplies: SendQuickReply[];
  /** Buttons for the other actions (`openUrl`, `call`, ...), which cannot be quick replies. */
  buttons: SendButton[];
  /** Actions the channel can only show as text (`call` on Instagram). */
  textLines: string[];
  /**
   * With more than 13 value actions: a numbered list of all of them (full titles) to append to the
   * message text; the first 13 are also quick replies.
   */
  listText?: string;
}

/**
 * Maps suggested actions.
 *
 * @remarks
 * - `imBack` / `postBack` / `messageBack` -> `{ content_type: 'text', title, payload, image_url? }`:
 *   the title is cut to 20 characters (after a whole word where it can, never inside an emoji), the
 *   payload is the action value (objects as JSON; see {@link actionPayload}), `image_url` comes from
 *   `action.image` on Messenger (Instagram quick replies are plain text).
 * - More than 13: Messenger takes at most 13, and quick replies cannot be spread over several
 *   messages (they vanish when the next message arrives). The text then gets a numbered list of
 *   every choice (as botbuilder's own `ListStyle.list` does) and the first 13 are quick replies;
 *   botbuilder's `ChoicePrompt` recognizes a typed number as that choice.
 * - Link and call actions are not quick replies: they become buttons (a button template with the text).
 *
 * Instagram note: botbuilder's `ChoicePrompt` / `ConfirmPrompt` render suggested actions only for
 * channel `facebook`; on `instagram` their default style falls back to a text list. Set
 * `style: ListStyle.suggestedAction` on prompts (e.g. `new ChoicePrompt('choice').style =
 * ListStyle.suggestedAction`) to get quick replies on Instagram too.
 */
export function suggestedActionsToQuickReplies(
  actions: readonly PlainCardAction[],
  channelId: MessengerChannelId,
): MappedSuggestions {
  const valueActions = actions.filter((a) => VALUE_ACTIONS.has(a.type));
  const { buttons, textLines } = actionsToButtons(
    actions.filter((a) => !VALUE_ACTIONS.has(a.type)),
    channelId,
  );
  const quickReplies = valueActions
    .slice(0, QUICK_REPLIES_MAX)
    .map((action) => toQuickReply(action, channelId));
  const mapped: MappedSuggestions = { quickReplies, buttons, textLines };
  if (valueActions.length > QUICK_REPLIES_MAX) {
    mapped.listText = valueActions
      .map((action, i) => `${i + 1}. ${actionTitle(action, Number.MAX_SAFE_INTEGER)}`)
      .join('\n');
  }
  return mapped;
}

function toQuickReply(action: PlainCardAction, channelId: MessengerChannelId): SendQuickReply {
  const reply: SendQuickReply = {
    content_type: 'text',
    title: actionTitle(action, QUICK_REPLY_TITLE_MAX),
    payload: actionPayload(action),
  };
  if (channelId === 'facebook' && typeof action.image === 'string' && /^https?:\/\//iu.test(action.image)) {
    reply.image_url = action.image;
  }
  return reply;
}

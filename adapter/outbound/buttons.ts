/**
 * Bot Framework `CardAction`s -> Send API buttons.
 *
 * @module
 */

import type { PlainCardAction } from '../activity';
import { MessengerError } from '../errors';
import type { MessengerChannelId } from '../platform';
import { BUTTON_TITLE_MAX, PAYLOAD_MAX } from './limits';
import { truncate } from './truncate';
import type { SendButton } from './types';

/** Action types that open a link: sent as `web_url` buttons. */
const URL_ACTIONS = new Set([
  'openUrl',
  'signin',
  'downloadFile',
  'showImage',
  'playAudio',
  'playVideo',
  'openApp',
]);

/** Action types that send a value back to the bot: `postback` buttons or quick replies. */
export const VALUE_ACTIONS = new Set(['imBack', 'postBack', 'messageBack']);

/** Buttons for a list of actions, plus the actions the channel can only show as text. */
export interface MappedButtons {
  buttons: SendButton[];
  /** Lines for actions without a button on this channel (`call` on Instagram: "Title: +1555..."). */
  textLines: string[];
}

/**
 * The postback / quick reply `payload` of an action: its `value` as a string (objects as JSON);
 * for a `messageBack` without a value its `text`; else its title. Throws `NOT_SUPPORTED` when the
 * payload is longer than Meta's 1000 characters (a cut payload would be corrupt).
 */
export function actionPayload(action: PlainCardAction): string {
  const payload = payloadOf(action);
  if (payload.length > PAYLOAD_MAX) {
    throw new MessengerError(
      'NOT_SUPPORTED',
      `The ${action.type} action '${action.title ?? ''}' has a value of ${payload.length} characters; Messenger takes at ` +
        `most ${PAYLOAD_MAX} in a payload. Send a shorter value (e.g. an id) and look the data up when it comes back.`,
      { details: { actionType: action.type, length: payload.length, max: PAYLOAD_MAX } },
    );
  }
  return payload;
}

function payloadOf(action: PlainCardAction): string {
  const { value } = action;
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value !== undefined && value !== null && typeof value === 'object') return JSON.stringify(value);
  const fallback =
    action.type === 'messageBack' ? (action.text ?? action.displayText ?? action.title) : action.title;
  if (fallback === undefined || fallback === '') {
    throw new MessengerError(
      'NOT_SUPPORTED',
      `A ${action.type} action has neither a value nor a title, so there is nothing to send back: give it a value.`,
      { details: { actionType: action.type } },
    );
  }
  return fallback;
}

/** The label of an action, at most `max` characters: its title, else its display text, text or value. */
export function actionTitle(action: PlainCardAction, max: number, fallback?: string): string {
  const candidates = [
    action.title,
    action.displayText,
    action.text,
    typeof action.value === 'string' ? action.value : undefined,
    fallback,
  ];
  const title = candidates.find((c): c is string => typeof c === 'string' && c.trim() !== '');
  if (title === undefined) {
    throw new MessengerError('NOT_SUPPORTED', `A ${action.type} action has no title: give it a title.`, {
      details: { actionType: action.type },
    });
  }
  return truncate(title.trim(), max);
}

/** A `tel:` URI or a phone number -> the number Meta takes (`+15105551234`). */
function phoneNumberOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const number = value.trim().replace(/^tel:/iu, '').trim();
  return number === '' ? undefined : number;
}

function httpUrlOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? value.trim() : undefined;
  } catch {
    return undefined;
  }
}

function hostOf(url: string): string {
  return new URL(url).hostname;
}

/**
 * One action -> a Send API button, or a text line when the channel has no such button.
 *
 * @remarks
 * - `openUrl`, `signin`, `downloadFile`, `showImage`, `playAudio`, `playVideo`, `openApp` -> `web_url`
 *   (the value must be an http(s) URL; an `openUrl` to `tel:` becomes a call button).
 * - `imBack`, `postBack`, `messageBack` -> `postback` with `payload` = {@link actionPayload}.
 * - `call` -> `phone_number` (a `tel:` prefix is removed). Instagram has no call button: the action
 *   becomes the text line `Title: +15105551234`.
 * - Titles are cut to 20 characters. Anything else (`payment`, unknown types, a URL that is not
 *   http(s)) throws `NOT_SUPPORTED`.
 */
export function actionToButton(action: PlainCardAction, channelId: MessengerChannelId): SendButton | string {
  const type = action.type;
  if (VALUE_ACTIONS.has(type)) {
    return { type: 'postback', title: actionTitle(action, BUTTON_TITLE_MAX), payload: actionPayload(action) };
  }
  const isTel = typeof action.value === 'string' && /^\s*tel:/iu.test(action.value);
  if (type === 'call' || (type === 'openUrl' && isTel)) {
    const number = phoneNumberOf(action.value);
    if (number === undefined) {
      throw new MessengerError(
        'NOT_SUPPORTED',
        `A call action '${action.title ?? ''}' has no phone number in its value.`,
        {
          details: { actionType: type },
        },
      );
    }
    if (channelId === 'instagram') {
      const title = [action.title, action.displayText, action.text].find(
        (c) => typeof c === 'string' && c.trim() !== '',
      );
      return title ? `${title.trim()}: ${number}` : number;
    }
    return { type: 'phone_number', title: actionTitle(action, BUTTON_TITLE_MAX, number), payload: number };
  }
  if (URL_ACTIONS.has(type)) {
    const url = httpUrlOf(action.value);
    if (url === undefined) {
      throw new MessengerError(
        'NOT_SUPPORTED',
        `The ${type} action '${action.title ?? ''}' needs an http(s) URL as its value; Messenger buttons open only web links.`,
        { details: { actionType: type } },
      );
    }
    return { type: 'web_url', title: actionTitle(action, BUTTON_TITLE_MAX, hostOf(url)), url };
  }
  throw new MessengerError(
    'NOT_SUPPORTED',
    `The CardAction type '${type}' has no Messenger button. Use openUrl, imBack, postBack, messageBack or call.`,
    { details: { actionType: type } },
  );
}

/** Maps `actions` in order with {@link actionToButton}. */
export function actionsToButtons(
  actions: readonly PlainCardAction[],
  channelId: MessengerChannelId,
): MappedButtons {
  const mapped: MappedButtons = { buttons: [], textLines: [] };
  for (const action of actions) {
    const result = actionToButton(action, channelId);
    if (typeof result === 'string') mapped.textLines.push(result);
    else mapped.buttons.push(result);
  }
  return mapped;
}

/**
 * `url` when it is an http(s) URL usable as a `web_url` / `default_action`, else `undefined`.
 * Exported for the card mappers (a card `tap`).
 */
export function webUrlOf(action: PlainCardAction | undefined): string | undefined {
  if (!action || !URL_ACTIONS.has(action.type)) return undefined;
  return httpUrlOf(action.value);
}

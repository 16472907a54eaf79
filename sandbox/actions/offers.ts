/**
 * What the user can tap: the quick replies of the Page's last message, the buttons of templates in
 * the conversation, and the Messenger profile's Get Started, persistent menu and ice breakers.
 *
 * @module
 */
import type { Conversation, JsonObject } from '../world/types';

/** A tappable quick reply. */
export interface QuickReplyOffer {
  contentType: string;
  title: string;
  payload: string;
}

/** A tappable postback source (template button, menu item, Get Started, ice breaker). */
export interface PostbackOffer {
  title: string;
  payload: string;
  source: 'button' | 'menu' | 'get_started' | 'ice_breaker';
}

const asObject = (value: unknown): JsonObject | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Quick replies of the Page's last message (they vanish once anything newer is sent). */
export function quickRepliesOffered(conversation: Conversation): QuickReplyOffer[] {
  const last = conversation.transcript.at(-1);
  if (last === undefined || last.author === 'user') return [];
  return asArray(last.message?.quick_replies).flatMap((item) => {
    const qr = asObject(item);
    if (qr === undefined) return [];
    const contentType = String(qr.content_type ?? 'text');
    return [
      {
        contentType,
        title: String(qr.title ?? '').slice(0, 20),
        payload: qr.payload === undefined ? contentType : String(qr.payload),
      },
    ];
  });
}

/** Every postback the user can tap now. */
export function postbacksOffered(
  conversation: Conversation,
  profile: JsonObject | undefined,
): PostbackOffer[] {
  const offers: PostbackOffer[] = [];
  for (const entry of conversation.transcript) {
    if (entry.author === 'user') continue;
    for (const button of buttonsOf(entry.message)) {
      if (button.type === 'postback') {
        offers.push({
          title: String(button.title ?? ''),
          payload: String(button.payload ?? ''),
          source: 'button',
        });
      }
    }
  }
  const getStarted = asObject(profile?.get_started);
  if (getStarted?.payload !== undefined) {
    offers.push({ title: 'Get Started', payload: String(getStarted.payload), source: 'get_started' });
  }
  for (const item of menuItems(profile)) offers.push({ ...item, source: 'menu' });
  for (const item of iceBreakers(profile)) offers.push({ ...item, source: 'ice_breaker' });
  return offers;
}

/**
 * The buttons of a template message (generic, button, media, image grid). An image grid's image tap
 * actions count too: a `postback` one as a button titled with its `text` (posted as the user's reply).
 */
export function buttonsOf(message: JsonObject | undefined): JsonObject[] {
  const payload = asObject(asObject(message?.attachment)?.payload);
  if (payload === undefined) return [];
  const direct = asArray(payload.buttons);
  const nested = asArray(payload.elements).flatMap((element) => asArray(asObject(element)?.buttons));
  const imageTaps = asArray(payload.elements)
    .flatMap((element) => asArray(asObject(element)?.images))
    .flatMap((image) => {
      const action = asObject(asObject(image)?.action);
      return action?.type === 'postback' ? [{ type: 'postback', title: action.text, payload: action.payload }] : [];
    });
  return [...direct, ...nested, ...imageTaps].flatMap((button) => {
    const object = asObject(button);
    return object === undefined ? [] : [object];
  });
}

/** Postback items of the persistent menu (first locale, nested menus flattened). */
export function menuItems(profile: JsonObject | undefined): { title: string; payload: string }[] {
  const menu = asObject(asArray(profile?.persistent_menu)[0]);
  const walk = (items: unknown[]): { title: string; payload: string }[] =>
    items.flatMap((raw) => {
      const item = asObject(raw);
      if (item === undefined) return [];
      if (item.type === 'nested') return walk(asArray(item.call_to_actions));
      if (item.type !== 'postback') return [];
      return [{ title: String(item.title ?? ''), payload: String(item.payload ?? '') }];
    });
  return walk(asArray(menu?.call_to_actions));
}

/** Ice breakers (both the `[{ call_to_actions: [...] }]` and the older `[{ question, payload }]` shapes). */
export function iceBreakers(profile: JsonObject | undefined): { title: string; payload: string }[] {
  return asArray(profile?.ice_breakers).flatMap((raw) => {
    const item = asObject(raw);
    if (item === undefined) return [];
    const questions = item.call_to_actions === undefined ? [item] : asArray(item.call_to_actions);
    return questions.flatMap((q) => {
      const question = asObject(q);
      return question === undefined
        ? []
        : [{ title: String(question.question ?? ''), payload: String(question.payload ?? '') }];
    });
  });
}

/**
 * Types of the Messenger Profile API (`/me/messenger_profile`): Get Started button, greeting,
 * ice breakers and persistent menu, for Messenger and (with `platform=instagram`) Instagram.
 *
 * @module
 */

/** Fields of the Messenger Profile the client reads by default. */
export type MessengerProfileField = 'get_started' | 'greeting' | 'ice_breakers' | 'persistent_menu';

/** Every {@link MessengerProfileField}, in the order Meta documents them. */
export const MESSENGER_PROFILE_FIELDS: readonly MessengerProfileField[] = [
  'get_started',
  'greeting',
  'ice_breakers',
  'persistent_menu',
];

/** A button of the persistent menu. */
export type PersistentMenuItem =
  | { type: 'postback'; title: string; payload: string }
  | { type: 'web_url'; title: string; url: string; webview_height_ratio?: 'compact' | 'tall' | 'full' };

/** The persistent menu for one locale (`default` for all others). */
export interface PersistentMenu {
  locale: string;
  composer_input_disabled?: boolean;
  call_to_actions: readonly PersistentMenuItem[];
}

/** One ice breaker: a question the person can tap to start the conversation. */
export interface IceBreaker {
  question: string;
  payload: string;
}

/** Ice breakers for one locale (the current format; the old format is a flat {@link IceBreaker} list). */
export interface IceBreakersForLocale {
  locale: string;
  call_to_actions: readonly IceBreaker[];
}

/**
 * The Messenger Profile of a Page or Instagram account, snake_case as Meta takes it. Fields not typed
 * here (`whitelisted_domains`, ...) pass through unchanged.
 *
 * @example
 * ```ts
 * await graph.setMessengerProfile(pageId, {
 *   get_started: { payload: 'GET_STARTED' },
 *   greeting: [{ locale: 'default', text: 'Hi {{user_first_name}}! How can we help?' }],
 * });
 * ```
 */
export interface MessengerProfile {
  get_started?: { payload: string };
  greeting?: readonly { locale: string; text: string }[];
  ice_breakers?: readonly (IceBreakersForLocale | IceBreaker)[];
  persistent_menu?: readonly PersistentMenu[];
  [field: string]: unknown;
}

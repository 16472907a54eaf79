/**
 * Names of the `event` activities the adapter emits for Messenger / Instagram webhook events that are
 * not messages.
 *
 * @module
 */

/**
 * `activity.name` of each inbound `event` activity.
 *
 * @example
 * ```ts
 * class Bot extends ActivityHandler {
 *   constructor() {
 *     super();
 *     this.onEvent(async (context, next) => {
 *       if (context.activity.name === MessengerEventNames.referral) { ... }
 *       await next();
 *     });
 *   }
 * }
 * ```
 */
export const MessengerEventNames = {
  /** A message the Page / IG account sent (by this bot, another app, or a person in the inbox). */
  echo: 'messenger.echo',
  /** Messages were delivered (Messenger): `value` = the `delivery` object (`mids`, `watermark`). */
  delivery: 'messenger.delivery',
  /** Messages were read (Messenger watermark) or seen (Instagram `mid`): `value` = the `read` object. */
  read: 'messenger.read',
  /** The person came through an m.me / ig.me link, an ad or a plugin: `value` = the `referral` object. */
  referral: 'messenger.referral',
  /** An opt-in (plugin, marketing messages): `value` = the `optin` object. */
  optin: 'messenger.optin',
  /** Conversation routing changed: `value` = `{ action, ...payload }`. */
  handover: 'messenger.handover',
  /** An event delivered under `standby[]` (another app owns the thread): `value` = the raw event. */
  standby: 'messenger.standby',
  /** A Page feed / Instagram comment or mention (`changes[]`): `value` = the `{ field, value }` item. */
  comment: 'messenger.comment',
  /**
   * A utility template's status changed (approved, rejected, paused): `value` = a
   * `TemplateStatusValue` (`status`, `templateId`, `templateName`, `language`, `reason`, `field`).
   */
  templateStatus: 'messenger.templateStatus',
  /** Meta warned, blocked or unblocked the app for this Page: `value` = the `policy_enforcement` object. */
  policyEnforcement: 'messenger.policyEnforcement',
  /** Anything else (or a known kind with malformed fields): `value` = the raw event. */
  unknown: 'messenger.unknown',
} as const;

/** One of the {@link MessengerEventNames}. */
export type MessengerEventName = (typeof MessengerEventNames)[keyof typeof MessengerEventNames];

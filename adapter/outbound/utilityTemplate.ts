/**
 * Utility messages (Messenger): an approved utility template sent with `messaging_type: UTILITY`,
 * inside or outside the 24-hour window. A typed builder for the Send API `message.template`, and the
 * local rules every shell applies before a Graph call (free text marked UTILITY, Instagram).
 *
 * Body shape. Meta's "Send a utility message" page (Updated: Mar 13, 2026) shows several examples that
 * disagree: only some carry `messaging_type: "UTILITY"`, and one puts `template` at the top level of
 * the body. We send `{ recipient, messaging_type: "UTILITY", message: { template: { name, language:
 * { code }, components } } }` because (1) that is the shape of the page's later examples and of the
 * third-party integrations that send utility messages today, (2) every other Send API content lives
 * under `message`, and (3) `messaging_type` is what tells Meta the send is not a `RESPONSE` / `UPDATE`
 * bound to the 24-hour window. See messenger-platform.md, "2026 additions", topic 1.
 *
 * @module
 */
import { z } from 'zod';
import { MessengerError } from '../errors';
import type { MessengerChannelId } from '../platform';

/** A button parameter of a utility template, in the order of the template's buttons. */
export type UtilityButtonParameter =
  /** A postback button: the payload Meta sends back in `messaging_postbacks` when it is tapped. */
  | { type: 'POSTBACK'; payload: string }
  /** A URL button with a variable part: the suffix appended to the template's base URL. */
  | { type: 'URL'; url: string };

/** What {@link utilityTemplate} needs: the approved template and its parameter values. */
export interface UtilityTemplateSpec {
  /** The template's name in the Page's library, e.g. `order_update`. */
  name: string;
  /** The template's language code, e.g. `en` or `en_US` (as it was created). */
  language: string;
  /**
   * Body parameters: an object for a `NAMED` template (`{ order_id: '566701' }` fills `{{order_id}}`),
   * or an array for a positional one (`['566701']` fills `{{1}}`).
   */
  parameters?: Readonly<Record<string, string>> | readonly string[];
  /** Button parameters, in the order of the template's buttons (button payloads and URL suffixes are always positional). */
  buttons?: readonly UtilityButtonParameter[];
}

/** A `message.template` object of a utility message, as Meta takes it. */
export interface UtilityTemplate {
  name: string;
  language: { code: string };
  components?: UtilityTemplateComponent[];
}

/** One component of a {@link UtilityTemplate}. */
export type UtilityTemplateComponent =
  | { type: 'body'; parameters: { type: 'text'; text: string; parameter_name?: string }[] }
  | { type: 'buttons'; parameters: UtilityButtonParameter[] };

/** The `messaging_type` of a utility message. */
export const UTILITY_MESSAGING_TYPE = 'UTILITY';

const PARAMETER_NAME = /^[a-z_][a-z0-9_]*$/;

const specSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9_]{1,512}$/, 'lower-case letters, digits and underscores, as Meta names templates'),
  language: z.string().regex(/^[a-z]{2,3}(_[A-Za-z]{2,4})?$/, "a language code such as 'en' or 'en_US'"),
  parameters: z
    .union([
      z.record(z.string().regex(PARAMETER_NAME, 'parameter names are lower-case snake_case'), z.string().min(1)),
      z.array(z.string().min(1)),
    ])
    .optional(),
  buttons: z
    .array(
      z.discriminatedUnion('type', [
        z.strictObject({ type: z.literal('POSTBACK'), payload: z.string().min(1).max(1000) }),
        z.strictObject({ type: z.literal('URL'), url: z.string().min(1) }),
      ]),
    )
    .max(3)
    .optional(),
});

/**
 * The Send API `message.template` of a utility message. Throws `CONFIG_INVALID` naming the field when
 * the spec is not one Meta would take.
 *
 * @example
 * ```ts
 * utilityTemplate({ name: 'order_update', language: 'en', parameters: { order_id: '566701' }, buttons: [{ type: 'POSTBACK', payload: '12345' }] });
 * // { name: 'order_update', language: { code: 'en' }, components: [
 * //   { type: 'body', parameters: [{ type: 'text', parameter_name: 'order_id', text: '566701' }] },
 * //   { type: 'buttons', parameters: [{ type: 'POSTBACK', payload: '12345' }] }] }
 * ```
 */
export function utilityTemplate(spec: UtilityTemplateSpec): UtilityTemplate {
  const parsed = specSchema.safeParse(spec);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MessengerError(
      'CONFIG_INVALID',
      `utilityTemplate: ${issue?.path.map(String).join('.') || 'spec'} is invalid (${issue?.message ?? 'invalid'}).`,
    );
  }
  const { name, language, parameters, buttons } = parsed.data;
  const components: UtilityTemplateComponent[] = [];
  if (parameters !== undefined) {
    const list = Array.isArray(parameters)
      ? parameters.map((text) => ({ type: 'text' as const, text }))
      : Object.entries(parameters).map(([parameterName, text]) => ({
          type: 'text' as const,
          parameter_name: parameterName,
          text,
        }));
    if (list.length > 0) components.push({ type: 'body', parameters: list });
  }
  if (buttons !== undefined && buttons.length > 0) components.push({ type: 'buttons', parameters: buttons });
  return { name, language: { code: language }, ...(components.length > 0 ? { components } : {}) };
}

/**
 * An outgoing activity that sends a utility template: `channelData.messaging_type` `UTILITY` and
 * `channelData.template`. `MessagingWindowMiddleware` lets it through when the 24-hour window is
 * closed (Messenger only).
 *
 * @example
 * ```ts
 * await context.sendActivity(
 *   utilityMessage({ name: 'order_update', language: 'en', parameters: { order_id: '566701' } }),
 * );
 * ```
 */
export function utilityMessage(spec: UtilityTemplateSpec): {
  type: 'message';
  channelData: { messaging_type: 'UTILITY'; template: UtilityTemplate };
} {
  return { type: 'message', channelData: { messaging_type: UTILITY_MESSAGING_TYPE, template: utilityTemplate(spec) } };
}

/** What {@link utilityRefusal} looks at. */
export interface UtilityFacts {
  readonly channelId: MessengerChannelId;
  /** `channelData.messaging_type` as the bot set it. */
  readonly messagingType: unknown;
  /** The activity carries `channelData.template`. */
  readonly hasTemplate: boolean;
  /** The activity carries anything besides the template (text, attachments, quick replies, a tag). */
  readonly hasOtherContent: boolean;
}

/**
 * The local refusal of a utility message Meta would reject, or `undefined` when it may go out (or is
 * no utility message at all). Shared by the outbound mapping and `MessagingWindowMiddleware`.
 *
 * - Instagram has no utility messages (`NOT_SUPPORTED`).
 * - `messaging_type: UTILITY` without a template: free text is not a utility message (`NOT_SUPPORTED`).
 * - A template with another `messaging_type`, or with text / attachments / a tag (`NOT_SUPPORTED`).
 */
export function utilityRefusal(facts: UtilityFacts): MessengerError | undefined {
  const utility = facts.messagingType === UTILITY_MESSAGING_TYPE;
  if (!utility && !facts.hasTemplate) return undefined;
  if (facts.channelId === 'instagram') {
    return new MessengerError(
      'NOT_SUPPORTED',
      'Utility messages (messaging_type UTILITY with a template) exist on Messenger only; Instagram has no ' +
        'equivalent. On Instagram, send a normal message within 24 hours of the user’s last message, or a human ' +
        'agent’s reply (channelData.humanAgent = true, tagged HUMAN_AGENT) within 7 days. Nothing was sent.',
      { details: { channelId: facts.channelId, rule: 'utility-messenger-only' } },
    );
  }
  if (!facts.hasTemplate) {
    return new MessengerError(
      'NOT_SUPPORTED',
      'messaging_type UTILITY is only for an approved utility template (channelData.template); free text or ' +
        'attachments marked UTILITY are refused by Meta. Build the message with utilityMessage({ name, language, ' +
        'parameters }), or drop messaging_type to send free text inside the 24-hour window. Nothing was sent.',
      { details: { channelId: facts.channelId, rule: 'utility-template-only' } },
    );
  }
  if (facts.messagingType !== undefined && !utility) {
    return new MessengerError(
      'NOT_SUPPORTED',
      `channelData.template is a utility template and goes out with messaging_type UTILITY; got ` +
        `${JSON.stringify(facts.messagingType)}. Remove messaging_type (or set 'UTILITY'). Nothing was sent.`,
      { details: { channelId: facts.channelId, rule: 'utility-messaging-type' } },
    );
  }
  if (facts.hasOtherContent) {
    return new MessengerError(
      'NOT_SUPPORTED',
      'A utility message carries its template only: move the text, attachments, quick replies or tag into ' +
        'a separate activity (sent inside the 24-hour window). Nothing was sent.',
      { details: { channelId: facts.channelId, rule: 'utility-template-alone' } },
    );
  }
  return undefined;
}

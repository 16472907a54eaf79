/**
 * The utility template status webhook. Meta's field name is ambiguous: the utility-messages guide
 * says `message_template_status_update`, the Messenger webhook field table says
 * `messenger_template_status_update`; both are accepted, and an item whose `value` has the shape of
 * a template status change is one whatever its field is called (routing by content, not field name).
 * Meta publishes no Messenger payload; the value follows the WhatsApp field of the same name
 * (messenger-platform.md, "2026 additions", topic 1).
 *
 * @module
 */
import { z } from 'zod';

/** The two spellings of the template status field. */
export const TEMPLATE_STATUS_FIELDS: readonly string[] = [
  'message_template_status_update',
  'messenger_template_status_update',
];

const valueSchema = z.looseObject({
  event: z.string(),
  message_template_id: z.union([z.string(), z.number()]).transform(String),
  message_template_name: z.string().optional(),
  message_template_language: z.string().optional(),
  message_template_category: z.string().optional(),
  reason: z.string().nullable().optional(),
});

/** The `value` of a `messenger.templateStatus` event. */
export interface TemplateStatusValue {
  /** The new status: `APPROVED`, `REJECTED`, `PAUSED`, `DISABLED`, ... (Meta's `event`). */
  status: string;
  /** The template id. */
  templateId: string;
  /** The template name, when sent. */
  templateName?: string;
  /** Its language, when sent. */
  language?: string;
  /** Its category, when sent (`UTILITY`). */
  category?: string;
  /** Why it was rejected or paused, when sent (e.g. `INCORRECT_PARAMS`). */
  reason?: string;
  /** The webhook field it arrived under. */
  field: string;
}

/**
 * The {@link TemplateStatusValue} of a `changes[]` item, or `undefined` when the item is no template
 * status change.
 */
export function templateStatusOf(change: Readonly<Record<string, unknown>>): TemplateStatusValue | undefined {
  const field = typeof change.field === 'string' ? change.field : '';
  const parsed = valueSchema.safeParse(change.value);
  if (!parsed.success) return undefined;
  const value = parsed.data;
  const result: TemplateStatusValue = { status: value.event, templateId: value.message_template_id, field };
  if (value.message_template_name !== undefined) result.templateName = value.message_template_name;
  if (value.message_template_language !== undefined) result.language = value.message_template_language;
  if (value.message_template_category !== undefined) result.category = value.message_template_category;
  if (typeof value.reason === 'string' && value.reason !== 'NONE') result.reason = value.reason;
  return result;
}

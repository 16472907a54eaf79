/**
 * What a webhook event is: {@link classifyEvent} names its kind after checking the fields the mapping
 * reads, so a malformed event of a known kind is reported as `unknown` (with the reason) instead of
 * crashing a turn.
 *
 * @module
 */
import { z } from 'zod';
import { validationProblem, type WebhookEventRef } from '../webhook/envelope';
import { TEMPLATE_STATUS_FIELDS, type TemplateStatusValue, templateStatusOf } from './templateStatus';

const attachmentSchema = z.looseObject({ type: z.string() });

/** The fields of `event.message` the mapping reads. Unknown fields pass. */
export const messageSchema = z.looseObject({
  mid: z.string().optional(),
  text: z.string().optional(),
  is_echo: z.boolean().optional(),
  is_deleted: z.boolean().optional(),
  is_unsupported: z.boolean().optional(),
  app_id: z.union([z.string(), z.number()]).optional(),
  metadata: z.string().optional(),
  attachments: z.array(attachmentSchema).optional(),
  quick_reply: z.looseObject({ payload: z.string() }).optional(),
  reply_to: z.looseObject({ mid: z.string().optional(), story: z.looseObject({}).optional() }).optional(),
  referral: z.looseObject({}).optional(),
});

/** `event.postback` (buttons, Get Started, persistent menu, Instagram ice breakers). */
export const postbackSchema = z.looseObject({
  payload: z.string().optional(),
  title: z.string().optional(),
  mid: z.string().optional(),
});

/** `event.reaction` (`message_reactions`). */
export const reactionSchema = z.looseObject({
  mid: z.string(),
  action: z.enum(['react', 'unreact']),
  reaction: z.string().optional(),
  emoji: z.string().optional(),
});

/** `event.message_edit` (`message_edits`). */
export const messageEditSchema = z.looseObject({
  mid: z.string(),
  text: z.string(),
  num_edit: z.number().optional(),
});

/** `event.delivery` (Messenger only). */
export const deliverySchema = z.looseObject({
  mids: z.array(z.string()).optional(),
  watermark: z.number().optional(),
});

/** `event.read`: a watermark on Messenger, one `mid` on Instagram (`messaging_seen`). */
export const readSchema = z.looseObject({
  watermark: z.number().optional(),
  mid: z.string().optional(),
});

const objectSchema = z.looseObject({});

/** A Messenger / Instagram `message` object, as far as {@link messageSchema} checks it. */
export type MessengerMessage = z.infer<typeof messageSchema>;
/** A `postback` object. */
export type MessengerPostback = z.infer<typeof postbackSchema>;
/** A `reaction` object. */
export type MessengerReaction = z.infer<typeof reactionSchema>;
/** A `message_edit` object. */
export type MessengerMessageEdit = z.infer<typeof messageEditSchema>;

/** The webhook keys of conversation routing (handover) events, in the order they are looked for. */
export const HANDOVER_ACTIONS = [
  'pass_thread_control',
  'take_thread_control',
  'request_thread_control',
  'release_thread_control',
  'app_roles',
] as const;

/** A conversation routing (handover) webhook key. */
export type HandoverAction = (typeof HANDOVER_ACTIONS)[number];

type Payload = Readonly<Record<string, unknown>>;

/**
 * A classified webhook event. Payload fields are the original objects of the event (never copies).
 *
 * | kind | when |
 * |---|---|
 * | `message` | `message` that is no echo and not deleted (text, quick reply, attachments, referral, IG `is_unsupported`) |
 * | `echo` | `message.is_echo: true` |
 * | `messageDelete` | `message.is_deleted: true` (unsend) |
 * | `messageEdit` | `message_edit` |
 * | `postback` | `postback` |
 * | `reaction` | `reaction` (react / unreact) |
 * | `delivery`, `read` | `delivery`, `read` (IG seen is `read` with a `mid`) |
 * | `referral`, `optin`, `policyEnforcement` | `referral`, `optin`, `policy_enforcement` |
 * | `handover` | one of {@link HANDOVER_ACTIONS} |
 * | `templateStatus` | a `changes[]` item with a utility template status (either field spelling, or its value's shape) |
 * | `change` | any other item of `changes[]` (Page feed, IG comments) |
 * | `unknown` | anything else, or a known kind whose fields are malformed (`problem` says which) |
 */
export type InboundEvent =
  | { kind: 'message'; message: MessengerMessage }
  | { kind: 'echo'; message: MessengerMessage }
  | { kind: 'messageDelete'; message: MessengerMessage & { mid: string } }
  | { kind: 'messageEdit'; edit: MessengerMessageEdit }
  | { kind: 'postback'; postback: MessengerPostback }
  | { kind: 'reaction'; reaction: MessengerReaction }
  | { kind: 'delivery'; delivery: Payload }
  | { kind: 'read'; read: Payload }
  | { kind: 'referral'; referral: Payload }
  | { kind: 'optin'; optin: Payload }
  | { kind: 'handover'; action: HandoverAction; payload: Payload }
  | { kind: 'policyEnforcement'; policy: Payload }
  | { kind: 'change'; field: string; change: Payload }
  | { kind: 'templateStatus'; status: TemplateStatusValue }
  | {
      kind: 'unknown';
      /** For a known kind with malformed fields: the first problem, as `path: what is wrong` (no content). */
      problem?: string;
    };

/** The kinds of {@link InboundEvent}. */
export type InboundEventKind = InboundEvent['kind'];

type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

/** Validates `event[key]` with `schema`; on success returns the ORIGINAL object (zod's output is a copy). */
function check<T>(event: Payload, key: string, schema: z.ZodType<T>): Checked<T> {
  const problem = validationProblem(schema, event[key], key);
  return problem === undefined ? { ok: true, value: event[key] as T } : { ok: false, problem };
}

function unknown(problem: string): InboundEvent {
  return { kind: 'unknown', problem };
}

function classifyMessage(event: Payload): InboundEvent {
  const checked = check(event, 'message', messageSchema);
  if (!checked.ok) return unknown(checked.problem);
  const message = checked.value;
  if (message.is_deleted === true) {
    if (message.mid === undefined) return unknown('message.mid: expected a string, but it is missing');
    return { kind: 'messageDelete', message: message as MessengerMessage & { mid: string } };
  }
  return { kind: message.is_echo === true ? 'echo' : 'message', message };
}

function classifyObject<K extends 'delivery' | 'read' | 'referral' | 'optin'>(
  event: Payload,
  key: K,
  schema: z.ZodType<Payload>,
): InboundEvent {
  const checked = check(event, key, schema);
  if (!checked.ok) return unknown(checked.problem);
  return { kind: key, [key]: checked.value } as InboundEvent;
}

/**
 * Names the kind of a webhook event and checks the fields the activity mapping reads.
 *
 * Pure: the event is neither copied nor changed, and the payloads in the result are its own objects.
 * A known kind with a malformed field (say, a `message.text` that is a number) is
 * `{ kind: 'unknown', problem: 'message.text: expected a string, got a number' }`, never an exception.
 *
 * @example
 * ```ts
 * const kind = classifyEvent(ref);
 * if (kind.kind === 'echo' && kind.message.app_id !== undefined) { ... }
 * ```
 */
export function classifyEvent(ref: Pick<WebhookEventRef, 'source' | 'event'>): InboundEvent {
  const event = ref.event;
  if (ref.source === 'changes') {
    if (typeof event.field !== 'string') return unknown('field: expected a string');
    const status = templateStatusOf(event);
    if (status !== undefined) return { kind: 'templateStatus', status };
    if (TEMPLATE_STATUS_FIELDS.includes(event.field)) {
      return unknown('value: expected a template status ({ event, message_template_id, ... })');
    }
    return { kind: 'change', field: event.field, change: event };
  }
  if ('message' in event) return classifyMessage(event);
  if ('message_edit' in event) {
    const checked = check(event, 'message_edit', messageEditSchema);
    return checked.ok ? { kind: 'messageEdit', edit: checked.value } : unknown(checked.problem);
  }
  if ('postback' in event) {
    const checked = check(event, 'postback', postbackSchema);
    return checked.ok ? { kind: 'postback', postback: checked.value } : unknown(checked.problem);
  }
  if ('reaction' in event) {
    const checked = check(event, 'reaction', reactionSchema);
    return checked.ok ? { kind: 'reaction', reaction: checked.value } : unknown(checked.problem);
  }
  if ('delivery' in event) return classifyObject(event, 'delivery', deliverySchema);
  if ('read' in event) return classifyObject(event, 'read', readSchema);
  if ('referral' in event) return classifyObject(event, 'referral', objectSchema);
  if ('optin' in event) return classifyObject(event, 'optin', objectSchema);
  for (const action of HANDOVER_ACTIONS) {
    if (action in event) {
      const checked = check(event, action, objectSchema);
      return checked.ok ? { kind: 'handover', action, payload: checked.value } : unknown(checked.problem);
    }
  }
  if ('policy_enforcement' in event) {
    const checked = check(event, 'policy_enforcement', objectSchema);
    return checked.ok ? { kind: 'policyEnforcement', policy: checked.value } : unknown(checked.problem);
  }
  return { kind: 'unknown' };
}

/**
 * The Meta webhook envelope (`{ object, entry: [...] }`): zod schemas that check it, and
 * {@link parseEnvelope}, which turns a parsed body into one {@link WebhookEventRef} per event.
 *
 * What is checked here is the envelope and the routing fields of each event, nothing of the event's
 * content. A body that fails is not a Meta webhook (answer 400 and say why); an event whose kind is
 * unknown, or whose content is malformed, still passes and becomes a `messenger.unknown` activity
 * later (see `eventToActivities`), so one odd event never makes Meta redeliver a whole batch.
 *
 * @module
 */
import { z } from 'zod';
import { channelIdFor, type MessengerChannelId, type WebhookObject } from '../platform';

/** Where in an entry an event was delivered. */
export type WebhookEventSource = 'messaging' | 'standby' | 'changes';

/**
 * One event of a webhook batch, with the envelope facts needed to route it.
 *
 * `event` is the very object `JSON.parse` produced for the item of `entry[].messaging[]`,
 * `entry[].standby[]` or `entry[].changes[]`: never cloned, never mutated. Activities built from it
 * carry it as `channelData`, so a bot reads exactly what Meta sent.
 */
export interface WebhookEventRef {
  /** The envelope `object`: `page` (Messenger) or `instagram`. */
  readonly object: WebhookObject;
  /** `facebook` for `page`, `instagram` for `instagram`. */
  readonly channelId: MessengerChannelId;
  /** The Page id or Instagram professional account id (`entry[].id`). */
  readonly accountId: string;
  /** `entry[].time` as sent (epoch ms for messaging; Page `feed` sends seconds). */
  readonly entryTime: number | undefined;
  /** The array of the entry the event came from. */
  readonly source: WebhookEventSource;
  /** The raw event (for `changes`, the `{ field, value }` item), same reference as in the parsed body. */
  readonly event: Readonly<Record<string, unknown>>;
  /** Position of the event in the whole batch (0-based): a stable tiebreak when ordering by time. */
  readonly index: number;
  /**
   * Where replies to the event go, when not the adapter's `graphApiUrl`: set for Instagram-Login
   * accounts (their `instagramLogin.graphApiUrl`), so stored conversation references carry it.
   */
  readonly serviceUrl?: string;
}

/** The outcome of {@link parseEnvelope}. */
export type ParseEnvelopeResult =
  | { ok: true; events: WebhookEventRef[] }
  | {
      ok: false;
      /** What is wrong and where, e.g. `entry[0].id: expected a string, got a number`. */
      error: string;
    };

/**
 * Events that concern a Page or account rather than one person, and so may come without `sender`:
 * conversation routing roles, policy enforcement, and plugin opt-ins identified by `user_ref`.
 */
function isAccountLevelEvent(item: Record<string, unknown>): boolean {
  if ('app_roles' in item || 'policy_enforcement' in item) return true;
  // Deliveries and reads are about the Page's own messages; the reference marks both sides optional.
  if ('delivery' in item || 'read' in item) return true;
  const optin = item.optin;
  return (
    typeof optin === 'object' &&
    optin !== null &&
    typeof (optin as { user_ref?: unknown }).user_ref === 'string'
  );
}

const recipientSchema = z.looseObject({ id: z.string() });

/** A `sender` is a PSID / IGSID (`id`), or a plugin `user_ref` for people without one. */
const senderSchema = z
  .looseObject({ id: z.string().optional(), user_ref: z.string().optional() })
  .check((ctx) => {
    if (ctx.value.id === undefined && ctx.value.user_ref === undefined) {
      ctx.issues.push({
        code: 'custom',
        path: ['id'],
        message: 'expected a string, but it is missing',
        input: ctx.value,
      });
    }
  });

/** An item of `messaging[]` or `standby[]`: the routing fields only; the content is checked per kind later. */
const messagingItemSchema = z
  .looseObject({
    sender: senderSchema.optional(),
    recipient: recipientSchema,
    timestamp: z.number().optional(),
  })
  .check((ctx) => {
    if (ctx.value.sender === undefined && !isAccountLevelEvent(ctx.value)) {
      ctx.issues.push({
        code: 'custom',
        path: ['sender', 'id'],
        message:
          'expected a string, but it is missing (only app_roles, policy_enforcement and user_ref opt-ins come without a sender)',
        input: ctx.value,
      });
    }
  });

/** An item of `changes[]` (Page feed, Instagram comments and mentions). */
const changeItemSchema = z.looseObject({ field: z.string() });

const entrySchema = z.looseObject({
  id: z.string(),
  time: z.number().optional(),
  messaging: z.array(messagingItemSchema).optional(),
  standby: z.array(messagingItemSchema).optional(),
  changes: z.array(changeItemSchema).optional(),
});

/**
 * The zod schema of a Messenger / Instagram webhook body. It validates only; {@link parseEnvelope}
 * never uses its (copied) output, so the events handed on are the original objects.
 */
export const webhookEnvelopeSchema = z.looseObject({
  object: z.enum(['page', 'instagram']),
  entry: z.array(entrySchema),
});

/** The shape of a valid envelope, as {@link webhookEnvelopeSchema} checks it. */
export type WebhookEnvelope = z.infer<typeof webhookEnvelopeSchema>;

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'object':
      return 'an object';
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    default:
      return typeof value;
  }
}

function describeExpected(expected: string): string {
  switch (expected) {
    case 'object':
    case 'array':
      return `an ${expected}`;
    case 'string':
    case 'number':
    case 'boolean':
      return `a ${expected}`;
    default:
      return expected;
  }
}

/**
 * Error map for every safeParse of outside input in this package: short messages that name the
 * expected and the received type, never the received value (it may be message content). The one
 * exception is a short string in an enum position (like `object`), which is a routing label.
 */
export const validationErrorMap: z.core.$ZodErrorMap = (issue) => {
  const received = issue.input === undefined ? 'but it is missing' : `got ${describeType(issue.input)}`;
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${describeExpected(issue.expected)}, ${received}`;
    case 'invalid_value': {
      const options = issue.values.map((v) => JSON.stringify(v)).join(' or ');
      const label =
        typeof issue.input === 'string' && issue.input.length <= 64
          ? `got ${JSON.stringify(issue.input)}`
          : received;
      return `expected ${options}, ${label}`;
    }
    default:
      return undefined;
  }
};

/**
 * Validates `value` with `schema` and returns `undefined` when it passes, else one line naming the first
 * problem (see {@link formatValidationError}). The error map is applied only on failure: passing it on
 * every parse would take zod off its fast path (about 15 times slower), and valid input is the norm.
 */
export function validationProblem(schema: z.ZodType, value: unknown, root = ''): string | undefined {
  if (schema.safeParse(value).success) return undefined;
  const detailed = schema.safeParse(value, { error: validationErrorMap });
  return detailed.success ? undefined : formatValidationError(detailed.error, root);
}

/** Renders a zod path as `entry[0].messaging[1].sender.id`, prefixed with `root` when given. */
export function formatIssuePath(path: readonly PropertyKey[], root = ''): string {
  let out = root;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? 'body' : out;
}

/**
 * One line for a failed validation: the first issue as `path: message`, plus how many more there are.
 * Paths start at `root` (e.g. `message` for a check of `event.message`).
 */
export function formatValidationError(error: z.ZodError, root = ''): string {
  const [first, ...rest] = error.issues;
  if (first === undefined) return `${root || 'body'}: invalid`;
  const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : '';
  return `${formatIssuePath(first.path, root)}: ${first.message}${more}`;
}

const SOURCES: readonly WebhookEventSource[] = ['messaging', 'standby', 'changes'];

/**
 * Checks that `body` (already `JSON.parse`d) is a Messenger / Instagram webhook envelope and lists its
 * events in batch order: every `entry[]`, and in each entry every item of `messaging[]`, then
 * `standby[]`, then `changes[]`.
 *
 * Fails (the caller answers 400 with `error`) when:
 * - `object` is not `page` or `instagram`, or `entry` is not an array of objects;
 * - an entry has no string `id`, a non-number `time`, or a `messaging` / `standby` / `changes` that is
 *   not an array of objects;
 * - a `messaging` / `standby` item has no string `recipient.id`, no `sender` with a string `id` (or
 *   `user_ref`) unless it is an account-level event (`app_roles`, `policy_enforcement`, an opt-in
 *   with `user_ref`), or a non-number `timestamp`;
 * - a `changes` item has no string `field`.
 *
 * Everything else passes: unknown event kinds, unknown fields, and known kinds with malformed content
 * (these map to `messenger.unknown` activities, so the rest of the batch is still handled and Meta does
 * not redeliver it).
 *
 * The events are handed on by reference, never copied or changed.
 *
 * @example
 * ```ts
 * const result = parseEnvelope(JSON.parse(rawBody));
 * if (!result.ok) return respond(400, result.error); // e.g. "entry[0].id: expected a string, got a number"
 * for (const ref of result.events) { ... }
 * ```
 */
export function parseEnvelope(body: unknown): ParseEnvelopeResult {
  const problem = validationProblem(webhookEnvelopeSchema, body);
  if (problem !== undefined) return { ok: false, error: problem };

  // Validated: walk the original objects, not zod's copies.
  const envelope = body as WebhookEnvelope;
  const object = envelope.object;
  const channelId = channelIdFor(object);
  const events: WebhookEventRef[] = [];
  for (const entry of envelope.entry) {
    for (const source of SOURCES) {
      const items = entry[source] as readonly Record<string, unknown>[] | undefined;
      if (items === undefined) continue;
      for (const event of items) {
        events.push({
          object,
          channelId,
          accountId: entry.id,
          entryTime: entry.time,
          source,
          event,
          index: events.length,
        });
      }
    }
  }
  return { ok: true, events };
}

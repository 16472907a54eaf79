/**
 * zod schemas for the parts Bot Framework cards share (actions, images), and a parser that turns a
 * malformed card into a clear {@link MessengerError}.
 *
 * @module
 */

import { z } from 'zod';
import { MessengerError } from '../../errors';

/** An optional string that may also be `null` (cards built from JSON often carry nulls). */
export const optionalText = z
  .string()
  .nullish()
  .transform((value) => value ?? undefined);

/** A Bot Framework `CardAction`. */
export const cardActionSchema = z.looseObject({
  type: z.string(),
  title: optionalText,
  value: z.unknown(),
  image: optionalText,
  text: optionalText,
  displayText: optionalText,
});

/** A Bot Framework `CardImage`. */
export const cardImageSchema = z.looseObject({
  url: z.string(),
  alt: optionalText,
  tap: cardActionSchema.nullish().transform((value) => value ?? undefined),
});

/** An optional list (absent or `null` -> empty). */
export function optionalList<T extends z.ZodType>(item: T) {
  return z
    .array(item)
    .nullish()
    .transform((value) => value ?? []);
}

/**
 * Parses `content` of a card with `schema`; throws `NOT_SUPPORTED` naming the card and the field
 * when it does not have the card's shape.
 */
export function parseCard<T extends z.ZodType>(schema: T, content: unknown, cardName: string): z.output<T> {
  const parsed = schema.safeParse(content);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  throw new MessengerError(
    'NOT_SUPPORTED',
    `The ${cardName} attachment is malformed${path ? ` at '${path}'` : ''} (${issue?.message ?? 'invalid'}); ` +
      "build it with botbuilder's CardFactory or fix that field.",
    { details: { card: cardName, path } },
  );
}

/** Joins the non-blank `parts` with `separator` (trimmed); '' when all are blank. */
export function joinText(parts: readonly (string | undefined)[], separator = '\n'): string {
  return parts
    .filter((part): part is string => typeof part === 'string' && part.trim() !== '')
    .map((part) => part.trim())
    .join(separator);
}

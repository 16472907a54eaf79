/**
 * Removal of message contents from text the client puts into errors. Graph sometimes quotes what it
 * refused (a text, a button title, a URL); an error message must never carry message contents.
 *
 * @module
 */

/** Body fields that are not contents (ids, enums, flags): their values are kept in error messages. */
const STRUCTURAL_KEYS = new Set([
  'messaging_type',
  'tag',
  'notification_type',
  'sender_action',
  'persona_id',
  'template_type',
  'content_type',
  'type',
  'id',
  'platform',
]);

/** Shortest run of a content that is still removed when Graph quotes only its beginning. */
const MIN_QUOTED_RUN = 12;

/** What replaces a content in an error message. */
export const SCRUBBED = '[message content]';

/**
 * The string values of a request body that carry contents: every string leaf except ids and enums
 * (see `STRUCTURAL_KEYS`), longest first. Iterative, so any nesting depth is fine.
 */
export function contentsOf(body: unknown): string[] {
  const found = new Set<string>();
  const stack: Array<{ key: string | undefined; value: unknown }> = [{ key: undefined, value: body }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { key, value } = item;
    if (typeof value === 'string') {
      if (value.length >= 2 && (key === undefined || !STRUCTURAL_KEYS.has(key))) found.add(value);
    } else if (Array.isArray(value)) {
      for (const entry of value) stack.push({ key, value: entry });
    } else if (typeof value === 'object' && value !== null) {
      for (const [childKey, child] of Object.entries(value)) stack.push({ key: childKey, value: child });
    }
  }
  return [...found].sort((a, b) => b.length - a.length);
}

/**
 * Returns `text` with every content replaced by {@link SCRUBBED}: the content itself, its JSON-escaped
 * form, and the longest beginning of it (12 characters or more) that `text` quotes.
 *
 * @example
 * ```ts
 * scrubContents('(#100) Invalid text "my card is 4111..."', ['my card is 4111 1111 1111 1111']);
 * // '(#100) Invalid text "[message content]..."'
 * ```
 */
export function scrubContents(text: string, contents: readonly string[]): string {
  let result = text;
  for (const content of contents) {
    for (const form of new Set([content, JSON.stringify(content).slice(1, -1)])) {
      if (result.includes(form)) result = result.split(form).join(SCRUBBED);
      for (let length = form.length - 1; length >= MIN_QUOTED_RUN; length--) {
        const start = form.slice(0, length);
        if (result.includes(start)) {
          result = result.split(start).join(SCRUBBED);
          break;
        }
      }
    }
  }
  return result;
}

/**
 * Shortens titles to a platform limit without cutting a word, an emoji or a surrogate pair in half.
 *
 * @module
 */

import { graphemeBoundaryAtOrBefore } from './textUnits';

/** Appended to truncated text. */
export const ELLIPSIS = '…';

/** A word boundary is used only when it keeps at least this share of the allowed length. */
const MIN_WORD_CUT_FILL = 0.5;

/**
 * `text` when it has at most `max` UTF-16 characters; otherwise its longest prefix that fits with a
 * trailing `…`, cut after the last whole word when that keeps at least half of the room, and never
 * inside a grapheme cluster (emoji, flags, combining marks) or a surrogate pair.
 *
 * @example
 * ```ts
 * truncate('Extra large pepperoni pizza', 20); // 'Extra large…'
 * ```
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = max - ELLIPSIS.length;
  let cut = graphemeBoundaryAtOrBefore(text, room);
  const lastSpace = text.slice(0, cut + 1).search(/\s\S*$/u);
  if (lastSpace >= Math.ceil(room * MIN_WORD_CUT_FILL)) cut = lastSpace;
  return `${text.slice(0, cut).trimEnd()}${ELLIPSIS}`;
}

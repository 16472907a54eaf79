/**
 * Splits long text into messages that fit Messenger's and Instagram's text limits, on word
 * boundaries.
 *
 * @module
 */

import type { MessengerChannelId } from '../platform';
import { INSTAGRAM_TEXT_MAX_BYTES, MESSENGER_TEXT_MAX_CHARS } from './limits';
import { graphemeBoundaryAtOrBefore, maxPrefixEnd, type TextMeasure } from './textUnits';

/**
 * A paragraph, line or sentence break is preferred over a plain space only when it keeps the part at
 * least this full (as a fraction of the limit); otherwise the last space wins.
 */
const PREFERRED_BREAK_MIN_FILL = 0.6;

/** Ends a sentence when followed by whitespace (closing quotes and brackets may follow the mark). */
const SENTENCE_END = /[.!?…;:]["'”’»)\]]*$/u;

/**
 * Break candidates: runs of breaking whitespace (not the no-break spaces U+00A0, U+2007, U+202F), or
 * the zero-width point after a CJK full stop, which ends a sentence without a following space.
 */
const BREAK_CANDIDATE = /[^\S\u00a0\u2007\u202f]+|(?<=[。！？])(?=\S)/gu;

/** One breaking whitespace character. */
const BREAKING_SPACE = /[^\S\u00a0\u2007\u202f]/u;

/** A cut must not leave the next part starting with a combining mark or a zero-width joiner. */
const CONTINUES_CLUSTER = /^[\p{M}\u200d]/u;

type BreakKind = 'paragraph' | 'line' | 'sentence' | 'space';

interface Break {
  kind: BreakKind;
  /** Where the part ends (the break's whitespace starts). */
  start: number;
  /** Where the next part starts (the break's whitespace ends). */
  stop: number;
}

/** The text limit of a channel: Messenger < 2000 UTF-16 characters, Instagram <= 1000 UTF-8 bytes. */
export function textLimitOf(channelId: MessengerChannelId): { limit: number; measure: TextMeasure } {
  return channelId === 'instagram'
    ? { limit: INSTAGRAM_TEXT_MAX_BYTES, measure: 'utf8' }
    : { limit: MESSENGER_TEXT_MAX_CHARS, measure: 'utf16' };
}

/**
 * Splits `text` into parts that each fit one message of the channel: at most 1999 UTF-16 characters
 * on Messenger (`facebook`), at most 1000 UTF-8 bytes on Instagram.
 *
 * @remarks
 * Parts end at whitespace. Near the limit a paragraph break is preferred, then a line break, then a
 * sentence end, then any space; the whitespace at a split point is dropped, nothing else is. A single
 * word longer than the limit is cut only then, and never inside a surrogate pair or a grapheme
 * cluster (an emoji ZWJ sequence, a flag, a letter with combining marks). Text that fits is returned
 * unchanged as the only part; blank text gives no parts.
 *
 * @example
 * ```ts
 * splitText('a'.repeat(1500) + ' ' + 'b'.repeat(1500), 'facebook'); // ['aaa…a', 'bbb…b']
 * splitText('héllo wörld', 'instagram'); // ['héllo wörld']
 * ```
 */
export function splitText(text: string, channelId: MessengerChannelId): string[] {
  const { limit, measure } = textLimitOf(channelId);
  return splitToLimit(text, limit, measure);
}

/**
 * Splits `text` into parts of at most `limit` (in `measure` units) with the rules of
 * {@link splitText}. `limit` must be at least 4 so that any code point fits.
 */
export function splitToLimit(text: string, limit: number, measure: TextMeasure): string[] {
  if (text.trim() === '') return [];
  const parts: string[] = [];
  let rest = text;
  for (;;) {
    const end = maxPrefixEnd(rest, limit, measure);
    if (end >= rest.length) break;
    const firstVisible = rest.search(/\S/u);
    if (firstVisible === -1) break;
    const cut = firstVisible < end ? chooseBreak(rest, end, firstVisible) : undefined;
    if (!cut) {
      // Only whitespace (or one cluster that must not be cut) before the limit: drop the whitespace.
      rest = rest.slice(firstVisible);
      continue;
    }
    parts.push(rest.slice(0, cut.start));
    rest = rest.slice(cut.stop);
  }
  if (rest.trim() !== '') parts.push(rest);
  return parts;
}

/**
 * Where to cut `text` so that the part is `text.slice(0, start)`, with `firstVisible < start <= end`;
 * `undefined` when the only possible cut would leave the part blank.
 */
function chooseBreak(text: string, end: number, firstVisible: number): Break | undefined {
  const breaks = findBreaks(text, end).filter((b) => b.start > firstVisible);
  const minStart = Math.floor(end * PREFERRED_BREAK_MIN_FILL);
  for (const kind of ['paragraph', 'line', 'sentence'] as const) {
    const preferred = lastOf(breaks, (b) => b.kind === kind && b.start >= minStart);
    if (preferred) return preferred;
  }
  const anySpace = lastOf(breaks, () => true);
  if (anySpace) return anySpace;
  const boundary = graphemeBoundaryAtOrBefore(text, end);
  if (boundary > firstVisible) return { kind: 'space', start: boundary, stop: boundary };
  if (firstVisible > 0) return undefined;
  return { kind: 'space', start: end, stop: end };
}

function lastOf(breaks: readonly Break[], accept: (b: Break) => boolean): Break | undefined {
  for (let i = breaks.length - 1; i >= 0; i--) {
    const candidate = breaks[i] as Break;
    if (accept(candidate)) return candidate;
  }
  return undefined;
}

/** Whitespace runs (and zero-width CJK sentence breaks) starting at or before `end`. */
function findBreaks(text: string, end: number): Break[] {
  const window = text.slice(0, end + 1);
  const breaks: Break[] = [];
  for (const match of window.matchAll(BREAK_CANDIDATE)) {
    const start = match.index;
    if (start === 0) continue;
    if (match[0] === '') {
      breaks.push({ kind: 'sentence', start, stop: start });
      continue;
    }
    let stop = start + match[0].length;
    while (stop < text.length && BREAKING_SPACE.test(text[stop] as string)) stop++;
    if (CONTINUES_CLUSTER.test(text.slice(stop, stop + 1))) continue;
    breaks.push({ kind: kindOf(match[0], window.slice(Math.max(0, start - 8), start)), start, stop });
  }
  return breaks;
}

function kindOf(whitespace: string, before: string): BreakKind {
  const newlines = whitespace.split('\n').length - 1;
  if (newlines >= 2) return 'paragraph';
  if (newlines === 1) return 'line';
  return SENTENCE_END.test(before) ? 'sentence' : 'space';
}

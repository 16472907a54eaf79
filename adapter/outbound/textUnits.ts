/**
 * How text is measured and where it may be cut: UTF-16 code units (Messenger) or UTF-8 bytes
 * (Instagram), and cut points that never fall inside a surrogate pair or a grapheme cluster
 * (combining marks, ZWJ emoji, flags).
 *
 * @module
 */

/** How a limit is counted: `utf16` = JavaScript `length` (Messenger), `utf8` = bytes (Instagram). */
export type TextMeasure = 'utf16' | 'utf8';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** How far around a cut point the grapheme segmenter reads (a cluster straddling it is seen whole). */
const GRAPHEME_LOOKAROUND = 64;

/** UTF-8 length of `text` in bytes (a lone surrogate counts as the 3-byte replacement character). */
export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Length of `text` in the given measure. */
export function measureText(text: string, measure: TextMeasure): number {
  return measure === 'utf8' ? utf8Length(text) : text.length;
}

function isHighSurrogate(code: number | undefined): boolean {
  return code !== undefined && code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number | undefined): boolean {
  return code !== undefined && code >= 0xdc00 && code <= 0xdfff;
}

/** True when cutting `text` at `index` would split a surrogate pair. */
export function splitsSurrogatePair(text: string, index: number): boolean {
  return (
    index > 0 &&
    index < text.length &&
    isHighSurrogate(text.charCodeAt(index - 1)) &&
    isLowSurrogate(text.charCodeAt(index))
  );
}

/**
 * The largest UTF-16 index `end` such that `text.slice(0, end)` measures at most `limit` and `end`
 * is a code point boundary. Returns at least the first code point when `text` is not empty.
 */
export function maxPrefixEnd(text: string, limit: number, measure: TextMeasure): number {
  if (measure === 'utf16') {
    let end = Math.min(limit, text.length);
    if (splitsSurrogatePair(text, end)) end -= 1;
    return end > 0 ? end : firstCodePointEnd(text);
  }
  let bytes = 0;
  let index = 0;
  while (index < text.length) {
    const codePoint = text.codePointAt(index) as number;
    const size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    if (bytes + size > limit) break;
    bytes += size;
    index += codePoint > 0xffff ? 2 : 1;
  }
  return index > 0 ? index : firstCodePointEnd(text);
}

function firstCodePointEnd(text: string): number {
  if (text.length === 0) return 0;
  return splitsSurrogatePair(text, 1) ? 2 : 1;
}

/**
 * Code points a cluster boundary may not come before (UAX #29 GB9, GB9a, GB7-8): combining marks,
 * ZWJ, emoji modifiers, Hangul medial / final jamo, Thai / Lao SARA AM.
 */
const JOINS_PREVIOUS = /\u200d|[\p{M}\p{Emoji_Modifier}\u1160-\u11ff\ud7b0-\ud7ff\u0e33\u0eb3]/u;

/**
 * Code points a cluster boundary may not come after (GB3, GB9b, GB11, GB6): CR, ZWJ, Prepend
 * characters, Hangul leading jamo (a syllable joins only medial / final jamo, caught above).
 */
const JOINS_NEXT =
  /\u200d|[\r\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u0d4e\u{110bd}\u{110cd}\u{111c2}\u{111c3}\u{1193f}\u{11941}\u{11a3a}\u{11a84}-\u{11a89}\u{11d46}\u{11f02}\u1100-\u115f\ua960-\ua97f]/u;

const REGIONAL_INDICATOR = /\p{RI}/u;
const MARK = /\p{M}/u;

/** Indic conjunct linkers (viramas, GB9c): a mark run holding one may join the next consonant. */
const LINKER = /[\u094d\u09cd\u0acd\u0b4d\u0c4d\u0d4d]/u;

/** The code point that ends at `index`, as a string. */
function codePointBefore(text: string, index: number): string {
  const start =
    index >= 2 && isLowSurrogate(text.charCodeAt(index - 1)) && isHighSurrogate(text.charCodeAt(index - 2))
      ? index - 2
      : index - 1;
  return text.slice(start, index);
}

/** How many regional indicators end at `index`. */
function regionalIndicatorsBefore(text: string, index: number): number {
  let count = 0;
  for (let p = index; p >= 2 && REGIONAL_INDICATOR.test(text.slice(p - 2, p)); p -= 2) count++;
  return count;
}

/** True when the run of combining marks ending at `index` holds an Indic linker. */
function markRunHasLinker(text: string, index: number): boolean {
  for (let p = index; p > 0; ) {
    const mark = codePointBefore(text, p);
    if (!MARK.test(mark)) return false;
    if (LINKER.test(mark)) return true;
    p -= mark.length;
  }
  return false;
}

/**
 * True when `index` is a grapheme cluster boundary by a conservative local test of the code points
 * around it (`false` may still be a boundary; the segmenter then decides). `text` must start at a
 * boundary (regional indicators are paired from there).
 */
function isCertainBoundary(text: string, index: number): boolean {
  if (index <= 0 || index >= text.length) return true;
  if (splitsSurrogatePair(text, index)) return false;
  const after = String.fromCodePoint(text.codePointAt(index) as number);
  const before = codePointBefore(text, index);
  if (JOINS_PREVIOUS.test(after) || JOINS_NEXT.test(before)) return false;
  if (REGIONAL_INDICATOR.test(after) && REGIONAL_INDICATOR.test(before)) {
    return regionalIndicatorsBefore(text, index) % 2 === 0;
  }
  if (MARK.test(before)) return !markRunHasLinker(text, index);
  return true;
}

/** How far back from a cut point the search for a certain cluster start goes before giving up. */
const CERTAIN_START_SEARCH = 256;

/** The nearest position at or before `index` that certainly starts a cluster, or `0`. */
function certainStartAtOrBefore(text: string, index: number): number {
  const stop = Math.max(1, index - CERTAIN_START_SEARCH);
  for (let p = index; p >= stop; p--) if (isCertainBoundary(text, p)) return p;
  return 0;
}

/**
 * The largest grapheme cluster boundary in `text` that is `> 0` and `<= index`, so a cut there keeps
 * emoji (ZWJ sequences, skin tones, flags) and letters with combining marks whole. `text` must start
 * at a cluster boundary. A cut between two plainly separate characters is taken at once; otherwise
 * only a window around `index` is segmented, from a position known to start a cluster (or from 0). Falls back to a code point boundary when the first cluster alone is
 * longer than `index`.
 */
export function graphemeBoundaryAtOrBefore(text: string, index: number): number {
  if (index >= text.length) return text.length;
  if (index <= 0) return 0;
  if (isCertainBoundary(text, index)) return index;
  const from = certainStartAtOrBefore(text, Math.max(0, index - GRAPHEME_LOOKAROUND));
  let best = from;
  for (const segment of graphemes.segment(text.slice(from, index + GRAPHEME_LOOKAROUND))) {
    const boundary = from + segment.index;
    if (boundary > index) break;
    best = boundary;
  }
  if (best > 0) return best;
  return splitsSurrogatePair(text, index) ? index - 1 : index;
}

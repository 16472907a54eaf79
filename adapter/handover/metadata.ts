/**
 * The `metadata` string of thread-control calls: Meta accepts at most 1,000 characters and hands it
 * to the receiving app (a contact-centre product shows it to the agent, the Page Inbox ignores it).
 *
 * @module
 */

/** Longest `metadata` sent on thread control: Meta takes "fewer than 1,000 characters" (GraphClient checks it). */
export const METADATA_MAX_CHARS = 999;

/** Marks a cut. One UTF-16 code unit, so it fits the budget it was counted in. */
const ELLIPSIS = '\u2026';

/** Shortest a string leaf of a handoff context is cut to before falling back to a plain cut. */
const MIN_LEAF_CHARS = 16;

/**
 * Cuts `text` to at most `max` UTF-16 code units, ending with `…` when it was cut, and never inside a
 * surrogate pair (an emoji is kept whole or dropped whole).
 *
 * Counting code units is the safe side of Meta's "characters": a text within `max` code units is
 * within `max` code points.
 *
 * @example
 * ```ts
 * truncateMetadata('a'.repeat(1200)).length; // 1000, ending with '…'
 * truncateMetadata('short'); // 'short'
 * ```
 */
export function truncateMetadata(text: string, max = METADATA_MAX_CHARS): string {
  if (text.length <= max) return text;
  if (max < 1) return '';
  return `${cutWhole(text, max - 1)}${ELLIPSIS}`;
}

/** The first `length` code units of `text`, one fewer when that would split a surrogate pair. */
function cutWhole(text: string, length: number): string {
  if (length <= 0) return '';
  const last = text.charCodeAt(length - 1);
  const end = last >= 0xd800 && last <= 0xdbff ? length - 1 : length;
  return text.slice(0, end);
}

/**
 * The `metadata` for a handoff context (the `value` of botbuilder's `handoff.initiate` event):
 *
 * - a string is used as it is;
 * - `undefined` / `null` give no metadata;
 * - anything else is JSON.
 *
 * When the result is longer than `max`, a JSON object or array is kept valid JSON by cutting its
 * longest string values first (each ends with `…`, never below 16 characters); only when that is not
 * enough is the JSON cut like any text. A context that cannot be serialized (a cycle, a BigInt) gives no
 * metadata rather than a failed handoff.
 *
 * @example
 * ```ts
 * handoffContextToMetadata({ skill: 'billing', summary: longText });
 * // '{"skill":"billing","summary":"The customer asks about … (cut)…"}' (valid JSON, <= 1000 chars)
 * ```
 */
export function handoffContextToMetadata(context: unknown, max = METADATA_MAX_CHARS): string | undefined {
  if (context === undefined || context === null) return undefined;
  if (typeof context === 'string') return truncateMetadata(context, max);
  let json: string | undefined;
  try {
    json = JSON.stringify(context);
  } catch {
    return undefined;
  }
  if (json === undefined) return undefined;
  if (json.length <= max) return json;
  const parsed: unknown = JSON.parse(json);
  if (typeof parsed === 'object' && parsed !== null) {
    const shrunk = shrinkStrings(parsed, max);
    if (shrunk !== undefined) return shrunk;
  }
  return truncateMetadata(json, max);
}

/** A string leaf of a parsed JSON value: its container and key, so it can be replaced in place. */
interface Leaf {
  holder: Record<string, unknown> | unknown[];
  key: string | number;
  value: string;
}

/** Cuts the longest string leaves of `root` (in place) until its JSON fits `max`; `undefined` if it cannot. */
function shrinkStrings(root: object, max: number): string | undefined {
  const leaves: Leaf[] = [];
  collectLeaves(root, leaves);
  let json = JSON.stringify(root);
  while (json.length > max) {
    let longest: Leaf | undefined;
    for (const leaf of leaves) {
      if (
        leaf.value.length > MIN_LEAF_CHARS + 1 &&
        (longest === undefined || leaf.value.length > longest.value.length)
      ) {
        longest = leaf;
      }
    }
    if (longest === undefined) return undefined;
    const excess = json.length - max;
    const target = Math.max(MIN_LEAF_CHARS, longest.value.length - excess - 1);
    longest.value = `${cutWhole(longest.value, target)}${ELLIPSIS}`;
    setLeaf(longest);
    json = JSON.stringify(root);
  }
  return json;
}

function collectLeaves(node: object, leaves: Leaf[]): void {
  if (Array.isArray(node)) {
    node.forEach((item, index) => {
      visit(node, index, item, leaves);
    });
    return;
  }
  const record = node as Record<string, unknown>;
  for (const key of Object.keys(record)) visit(record, key, record[key], leaves);
}

function visit(holder: Leaf['holder'], key: string | number, value: unknown, leaves: Leaf[]): void {
  if (typeof value === 'string') leaves.push({ holder, key, value });
  else if (typeof value === 'object' && value !== null) collectLeaves(value, leaves);
}

function setLeaf(leaf: Leaf): void {
  if (Array.isArray(leaf.holder)) leaf.holder[leaf.key as number] = leaf.value;
  else leaf.holder[leaf.key as string] = leaf.value;
}

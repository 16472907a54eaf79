/**
 * Parsing of Graph's rate-limit usage headers (`X-App-Usage`, `X-Page-Usage`,
 * `X-Business-Use-Case-Usage`).
 *
 * @module
 */
import { z } from 'zod';
import type { GraphUsage } from '../errors';

/** Response headers as axios, node `http` or a plain object hold them (`get()` as fetch `Headers` do). */
export type GraphResponseHeaders =
  | Readonly<Record<string, unknown>>
  | { get(name: string): string | null | undefined };

const figure = z
  .union([
    z.number(),
    z
      .string()
      .regex(/^\d+(\.\d+)?$/)
      .transform(Number),
  ])
  .optional();

const usageObjectSchema = z.object({
  call_count: figure,
  total_time: figure,
  total_cputime: figure,
  estimated_time_to_regain_access: figure,
});

type UsageObject = z.infer<typeof usageObjectSchema>;

/** `X-Business-Use-Case-Usage`: `{ "<business object id>": [ { type, call_count, ... } ] }`. */
const businessUsageSchema = z.record(z.string(), z.array(z.unknown()));

/** The usage headers, in the order they are read. */
const USAGE_HEADERS = ['x-app-usage', 'x-page-usage', 'x-business-use-case-usage'] as const;
const BUSINESS = 2;

/** A usable header value: a string, or the first of an array of strings. */
function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

/**
 * The texts of the three usage headers (`undefined` where absent), read in one pass over a plain
 * object (names in any case; the first usable value of a name wins), or through `get()`.
 */
function usageTexts(headers: GraphResponseHeaders): (string | undefined)[] {
  const texts: (string | undefined)[] = [undefined, undefined, undefined];
  if (typeof (headers as { get?: unknown }).get === 'function') {
    const get = headers as { get(name: string): unknown };
    for (let slot = 0; slot < USAGE_HEADERS.length; slot++) {
      const value = get.get(USAGE_HEADERS[slot] as string);
      if (typeof value === 'string') texts[slot] = value;
    }
    return texts;
  }
  const record = headers as Readonly<Record<string, unknown>>;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    // cheap filter first: every usage header starts with "x-" and has one of three lengths
    if (key.length !== 11 && key.length !== 12 && key.length !== 25) continue;
    if (key.charCodeAt(0) !== 0x78 && key.charCodeAt(0) !== 0x58) continue;
    const slot = (USAGE_HEADERS as readonly string[]).indexOf(key.toLowerCase());
    if (slot === -1 || texts[slot] !== undefined) continue;
    texts[slot] = textOf(record[key]);
  }
  return texts;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The valid usage objects of one header text (`slot` says which header). */
function usageObjectsOf(text: string, slot: number): readonly UsageObject[] {
  const json = parseJson(text);
  if (slot !== BUSINESS) {
    const parsed = usageObjectSchema.safeParse(json);
    return parsed.success ? [parsed.data] : [];
  }
  const business = businessUsageSchema.safeParse(json);
  if (!business.success) return [];
  const objects: UsageObject[] = [];
  for (const entries of Object.values(business.data)) {
    for (const entry of entries) {
      const parsed = usageObjectSchema.safeParse(entry);
      if (parsed.success) objects.push(parsed.data);
    }
  }
  return objects;
}

/**
 * The last text of each header and its usage objects: Graph repeats the same figures on answer after
 * answer, so most answers skip the JSON parse and the validation. The objects are never changed.
 */
const lastParsed: { text: string; objects: readonly UsageObject[] }[] = [];

function cachedUsageObjects(text: string, slot: number): readonly UsageObject[] {
  const last = lastParsed[slot];
  if (last !== undefined && last.text === text) return last.objects;
  const objects = usageObjectsOf(text, slot);
  lastParsed[slot] = { text, objects };
  return objects;
}

/** The larger of two figures; a figure that is missing or not finite does not count. */
function higher(current: number | undefined, value: number | undefined): number | undefined {
  if (value === undefined || !Number.isFinite(value)) return current;
  return current === undefined || value > current ? value : current;
}

/**
 * Reads Graph's usage headers into one {@link GraphUsage}, taking the highest figure of every header
 * and business object. Malformed headers are ignored (they are advisory).
 *
 * @returns `undefined` when the response carries no usage figure at all.
 *
 * @example
 * ```ts
 * parseUsageHeaders({
 *   'x-business-use-case-usage':
 *     '{"370873143344730":[{"type":"messenger","call_count":95,"total_cputime":20,"total_time":20,"estimated_time_to_regain_access":3}]}',
 * });
 * // { callCountPercent: 95, timePercent: 20, regainAccessInMs: 180000 }
 * ```
 */
export function parseUsageHeaders(headers: GraphResponseHeaders | undefined): GraphUsage | undefined {
  if (!headers) return undefined;
  const texts = usageTexts(headers);
  let callCountPercent: number | undefined;
  let timePercent: number | undefined;
  let regainMinutes: number | undefined;
  for (let slot = 0; slot < texts.length; slot++) {
    const text = texts[slot];
    if (text === undefined) continue;
    for (const o of cachedUsageObjects(text, slot)) {
      callCountPercent = higher(callCountPercent, o.call_count);
      timePercent = higher(higher(timePercent, o.total_time), o.total_cputime);
      regainMinutes = higher(regainMinutes, o.estimated_time_to_regain_access);
    }
  }
  if (callCountPercent === undefined && timePercent === undefined && !(regainMinutes !== undefined && regainMinutes > 0)) {
    return undefined;
  }
  const usage: GraphUsage = {};
  if (callCountPercent !== undefined) usage.callCountPercent = callCountPercent;
  if (timePercent !== undefined) usage.timePercent = timePercent;
  if (regainMinutes !== undefined && regainMinutes > 0)
    usage.regainAccessInMs = Math.round(regainMinutes * 60_000);
  return usage;
}

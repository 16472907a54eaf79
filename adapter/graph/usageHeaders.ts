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

function headerValue(headers: GraphResponseHeaders, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    const value = (headers as { get(name: string): unknown }).get(name);
    return typeof value === 'string' ? value : undefined;
  }
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    if (typeof value === 'string') return value;
    if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  }
  return undefined;
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
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
  const objects: UsageObject[] = [];
  for (const name of ['x-app-usage', 'x-page-usage']) {
    const text = headerValue(headers, name);
    if (text === undefined) continue;
    const parsed = usageObjectSchema.safeParse(parseJson(text));
    if (parsed.success) objects.push(parsed.data);
  }
  const businessText = headerValue(headers, 'x-business-use-case-usage');
  const business =
    businessText === undefined ? undefined : businessUsageSchema.safeParse(parseJson(businessText));
  if (business?.success) {
    for (const entries of Object.values(business.data)) {
      for (const entry of entries) {
        const parsed = usageObjectSchema.safeParse(entry);
        if (parsed.success) objects.push(parsed.data);
      }
    }
  }
  const max = (values: (number | undefined)[]): number | undefined => {
    const present = values.filter((v): v is number => v !== undefined && Number.isFinite(v));
    return present.length > 0 ? Math.max(...present) : undefined;
  };
  const callCountPercent = max(objects.map((o) => o.call_count));
  const timePercent = max(objects.flatMap((o) => [o.total_time, o.total_cputime]));
  const regainMinutes = max(objects.map((o) => o.estimated_time_to_regain_access));
  const usage: GraphUsage = {};
  if (callCountPercent !== undefined) usage.callCountPercent = callCountPercent;
  if (timePercent !== undefined) usage.timePercent = timePercent;
  if (regainMinutes !== undefined && regainMinutes > 0)
    usage.regainAccessInMs = Math.round(regainMinutes * 60_000);
  return Object.keys(usage).length > 0 ? usage : undefined;
}

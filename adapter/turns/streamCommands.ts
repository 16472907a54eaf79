/**
 * The Redis side of durable intake: key names, Lua scripts (each one atomic on the server) and the
 * parsing of stream replies. Keys: `<prefix>in:<partition>` (a stream, consumer group `turns`),
 * `<prefix>in:<partition>:lease` (which instance reads it), `<prefix>in:members` (live instances).
 *
 * @module
 */
import { z } from 'zod';
import type { WebhookEventRef } from '../webhook/envelope';

/** The consumer group every instance reads the streams in. */
export const STREAM_GROUP = 'turns';

/** Key names of durable intake under a store prefix. */
export function streamKeys(prefix: string): {
  stream: (partition: number) => string;
  lease: (partition: number) => string;
  members: string;
} {
  return {
    stream: (partition) => `${prefix}in:${partition}`,
    lease: (partition) => `${prefix}in:${partition}:lease`,
    members: `${prefix}in:members`,
  };
}

/**
 * KEYS: n dedupe keys, then the n streams. ARGV: n, mark value, mark TTL ms, then the n payloads.
 * For each event: mark it (SET NX) and, only if it was not marked before, append it. One script, so
 * a mark never exists without its entry: a reply lost to a timeout cannot lose the event.
 */
export const APPEND_SCRIPT = `
local n = tonumber(ARGV[1])
local added = 0
for i = 1, n do
  if redis.call('SET', KEYS[i], ARGV[2], 'NX', 'PX', ARGV[3]) then
    redis.call('XADD', KEYS[n + i], '*', 'e', ARGV[3 + i])
    added = added + 1
  end
end
return added`;

/**
 * KEYS: lease, stream. ARGV: instance id, lease ms, group. Takes or renews the lease when it is free
 * or already this instance's (creating the group on first use). 0: held by another, 1: taken, 2: renewed.
 */
export const LEASE_SCRIPT = `
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
if holder then return 2 end
redis.pcall('XGROUP', 'CREATE', KEYS[2], ARGV[3], '0', 'MKSTREAM')
return 1`;

/** KEYS: leases. ARGV: instance id, lease ms. Renews each lease still held; 1 or 0 per key. */
export const RENEW_SCRIPT = `
local out = {}
for i, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[1] then
    redis.call('PEXPIRE', key, ARGV[2])
    out[i] = 1
  else
    out[i] = 0
  end
end
return out`;

/** KEYS: lease. ARGV: instance id. Gives the lease up if still held. */
export const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** KEYS: stream. ARGV: group, ids... Acknowledges finished entries and deletes them. */
export const ACK_SCRIPT = `
local ids = {unpack(ARGV, 2)}
redis.call('XACK', KEYS[1], ARGV[1], unpack(ids))
return redis.call('XDEL', KEYS[1], unpack(ids))`;

/**
 * KEYS: members. ARGV: instance id, lease ms. Records this instance as live (by the server's clock),
 * forgets instances silent for a lease, and returns how many are live.
 */
export const HEARTBEAT_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
return redis.call('ZCARD', KEYS[1])`;

const storedEventSchema = z.object({
  o: z.enum(['page', 'instagram']),
  c: z.enum(['facebook', 'instagram']),
  a: z.string().min(1),
  t: z.number().optional(),
  s: z.enum(['messaging', 'standby', 'changes']),
  e: z.record(z.string(), z.unknown()),
  i: z.number().int(),
});

/** The stream payload of an event (JSON). */
export function encodeStoredEvent(ref: WebhookEventRef): string {
  return JSON.stringify({
    o: ref.object,
    c: ref.channelId,
    a: ref.accountId,
    t: ref.entryTime,
    s: ref.source,
    e: ref.event,
    i: ref.index,
  });
}

/** The event of a stream payload, or `undefined` when it is not one (validated with zod). */
export function decodeStoredEvent(payload: string): WebhookEventRef | undefined {
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return undefined;
  }
  const parsed = storedEventSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const d = parsed.data;
  return { object: d.o, channelId: d.c, accountId: d.a, entryTime: d.t, source: d.s, event: d.e, index: d.i };
}

/** One stream entry as read: its id and its `e` field (undefined when missing). */
export interface StreamEntry {
  readonly id: string;
  readonly payload: string | undefined;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return undefined;
}

/** Entries of an `[[id, [field, value, ...]], ...]` reply (nil entries of deleted ids are skipped). */
export function parseEntries(reply: unknown): StreamEntry[] {
  if (!Array.isArray(reply)) return [];
  const entries: StreamEntry[] = [];
  for (const item of reply) {
    if (!Array.isArray(item)) continue;
    const id = text(item[0]);
    const fields = Array.isArray(item[1]) ? item[1] : [];
    if (id === undefined) continue;
    let payload: string | undefined;
    for (let i = 0; i + 1 < fields.length; i += 2) if (text(fields[i]) === 'e') payload = text(fields[i + 1]);
    entries.push({ id, payload });
  }
  return entries;
}

/** An `XREADGROUP` reply, as `[streamKey, entries]` pairs (nil: nothing new). */
export function parseReadReply(reply: unknown): Array<[string, StreamEntry[]]> {
  if (!Array.isArray(reply)) return [];
  const out: Array<[string, StreamEntry[]]> = [];
  for (const item of reply) {
    if (!Array.isArray(item)) continue;
    const key = text(item[0]);
    if (key !== undefined) out.push([key, parseEntries(item[1])]);
  }
  return out;
}

/** An `XAUTOCLAIM` reply: the next cursor and the claimed entries. */
export function parseClaimReply(reply: unknown): { cursor: string; entries: StreamEntry[] } {
  if (!Array.isArray(reply)) return { cursor: '0-0', entries: [] };
  return { cursor: text(reply[0]) ?? '0-0', entries: parseEntries(reply[1]) };
}

/** The consumers with pending entries in an `XPENDING key group` summary reply. */
export function pendingConsumers(reply: unknown): string[] {
  if (!Array.isArray(reply) || !Array.isArray(reply[3])) return [];
  const consumers: string[] = [];
  for (const item of reply[3] as unknown[]) {
    if (Array.isArray(item)) {
      const name = text(item[0]);
      if (name !== undefined) consumers.push(name);
    }
  }
  return consumers;
}

/**
 * Consumers of an `XINFO CONSUMERS` reply that hold no pending entry and have been idle longer than
 * `idleMs`: gone instances (each process reads under a name of its own) whose names can be removed.
 */
export function idleConsumers(reply: unknown, idleMs: number): string[] {
  if (!Array.isArray(reply)) return [];
  const names: string[] = [];
  for (const item of reply) {
    if (!Array.isArray(item)) continue;
    const fields = new Map<string, unknown>();
    for (let i = 0; i + 1 < item.length; i += 2) fields.set(text(item[i]) ?? '', item[i + 1]);
    const name = text(fields.get('name'));
    if (name !== undefined && Number(fields.get('pending')) === 0 && Number(fields.get('idle')) > idleMs) names.push(name);
  }
  return names;
}

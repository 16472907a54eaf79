/**
 * The Lua script behind `RedisStateStore.setIfGreater`: read a number, compare, write, in one atomic
 * step on the server (one command, one round trip, and no lost update between two instances).
 *
 * @module
 */
import { replyText, sha1Of } from './scriptReplies';

/**
 * KEYS: 1 the key. ARGV: 1 the new value (JSON of a finite number), 2 its TTL in ms ('' = none).
 *
 * The stored text is read as JSON (`cjson`, as `get` reads it):
 * - not JSON: nothing is written; returns `{0, stored}` (the caller reports it as corrupt);
 * - a finite number at least as large as the new value: kept with its TTL; returns `{1, stored}`;
 * - anything else (nothing, a smaller number, another JSON value): the new value is written with its
 *   TTL; returns `{2, new}`.
 *
 * Replies carry the JSON text, never a Lua number (Redis would cut it to an integer).
 */
export const SET_IF_GREATER_SCRIPT = `
local stored = redis.call('GET', KEYS[1])
local value = cjson.decode(ARGV[1])
if stored then
  local ok, current = pcall(cjson.decode, stored)
  if not ok then return {0, stored} end
  if type(current) == 'number' and current == current and current > -math.huge and current < math.huge and current >= value then
    return {1, stored}
  end
end
if ARGV[2] == '' then
  redis.call('SET', KEYS[1], ARGV[1])
else
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
end
return {2, ARGV[1]}
`;

/** SHA1 of {@link SET_IF_GREATER_SCRIPT}, for `EVALSHA`. */
export const SET_IF_GREATER_SHA = sha1Of(SET_IF_GREATER_SCRIPT);

/** How the script answered: `corrupt` (nothing written), `kept` or `stored`, with the JSON text in force. */
export interface SetIfGreaterReply {
  readonly outcome: 'corrupt' | 'kept' | 'stored';
  readonly text: string;
}

/** Reads the script's reply (`[status, text]`, text as a string or a Buffer); `undefined` when it has another shape. */
export function readSetIfGreaterReply(reply: unknown): SetIfGreaterReply | undefined {
  if (!Array.isArray(reply) || reply.length !== 2) return undefined;
  const [status, raw] = reply as [unknown, unknown];
  if (typeof raw !== 'string' && !Buffer.isBuffer(raw)) return undefined;
  const text = replyText(raw);
  const outcome = Number(status) === 0 ? 'corrupt' : Number(status) === 1 ? 'kept' : Number(status) === 2 ? 'stored' : undefined;
  return outcome === undefined ? undefined : { outcome, text };
}

/**
 * {@link SET_IF_GREATER_SCRIPT} for several keys in one command (the interactions of the turns of one
 * webhook batch). KEYS: the keys. ARGV: per key, the new value (JSON of a finite number) and its TTL in
 * ms ('' = none). Returns, per key, two entries: the status as above (0, 1 or 2) and the JSON text in
 * force, or the status 3 and the error text when `GET` failed for that key (another data type).
 */
export const SET_IF_GREATER_MANY_SCRIPT = `
local results = {}
for i, key in ipairs(KEYS) do
  local raw, ttl = ARGV[2 * i - 1], ARGV[2 * i]
  local value = cjson.decode(raw)
  local read, stored = pcall(redis.call, 'GET', key)
  local status, text = 2, raw
  if not read then
    status, text = 3, (type(stored) == 'table' and stored.err or tostring(stored))
  elseif stored then
    local ok, current = pcall(cjson.decode, stored)
    if not ok then
      status, text = 0, stored
    elseif type(current) == 'number' and current == current and current > -math.huge and current < math.huge and current >= value then
      status, text = 1, stored
    end
  end
  if status == 2 then
    if ttl == '' then
      redis.call('SET', key, raw)
    else
      redis.call('SET', key, raw, 'PX', ttl)
    end
  end
  results[2 * i - 1] = status
  results[2 * i] = text
end
return results
`;

/** SHA1 of {@link SET_IF_GREATER_MANY_SCRIPT}, for `EVALSHA`. */
export const SET_IF_GREATER_MANY_SHA = sha1Of(SET_IF_GREATER_MANY_SCRIPT);

/** One key's entry in the reply of {@link SET_IF_GREATER_MANY_SCRIPT}: as the single script's, or the error `GET` met. */
export type SetIfGreaterEntry = SetIfGreaterReply | { readonly error: Error };

/** Reads the reply of {@link SET_IF_GREATER_MANY_SCRIPT} for `count` keys; `undefined` when it has another shape. */
export function readSetIfGreaterManyReply(reply: unknown, count: number): SetIfGreaterEntry[] | undefined {
  if (!Array.isArray(reply) || reply.length !== 2 * count) return undefined;
  const entries: SetIfGreaterEntry[] = [];
  for (let i = 0; i < count; i++) {
    const pair = [reply[2 * i], reply[2 * i + 1]];
    if (Number(pair[0]) === 3) {
      entries.push({ error: new Error(replyText(pair[1])) });
      continue;
    }
    const entry = readSetIfGreaterReply(pair);
    if (entry === undefined) return undefined;
    entries.push(entry);
  }
  return entries;
}

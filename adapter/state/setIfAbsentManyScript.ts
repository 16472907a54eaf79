/**
 * The Lua script behind the batched `RedisStateStore.setIfAbsent` (the dedupe marks of a webhook
 * batch): one `SET NX` per key, each on its own, in one command.
 *
 * @module
 */
import { readPerKeyReply, sha1Of } from './scriptReplies';

/**
 * KEYS: the keys. ARGV: per key, its value (JSON text) and its TTL in ms ('' = none). Returns one
 * entry per key, in order: 1 when this call stored the value, 0 when the key held one, or a
 * one-element array with the error text when `SET` failed for that key.
 */
export const SET_IF_ABSENT_MANY_SCRIPT = `
local results = {}
for i, key in ipairs(KEYS) do
  local value, ttl = ARGV[2 * i - 1], ARGV[2 * i]
  local ok, reply
  if ttl == '' then
    ok, reply = pcall(redis.call, 'SET', key, value, 'NX')
  else
    ok, reply = pcall(redis.call, 'SET', key, value, 'NX', 'PX', ttl)
  end
  if not ok then
    results[i] = { type(reply) == 'table' and reply.err or tostring(reply) }
  elseif reply then
    results[i] = 1
  else
    results[i] = 0
  end
end
return results
`;

/** SHA1 of {@link SET_IF_ABSENT_MANY_SCRIPT}, for `EVALSHA`. */
export const SET_IF_ABSENT_MANY_SHA = sha1Of(SET_IF_ABSENT_MANY_SCRIPT);

/** One key's entry in the script's reply: stored or not, or the error `SET` met. */
export type SetIfAbsentEntry = { readonly stored: boolean } | { readonly error: Error };

/** Reads the script's reply for `count` keys; `undefined` when it has another shape. */
export function readSetIfAbsentManyReply(reply: unknown, count: number): SetIfAbsentEntry[] | undefined {
  return readPerKeyReply(reply, count, (entry) =>
    Number(entry) === 1 || Number(entry) === 0 ? { stored: Number(entry) === 1 } : undefined,
  );
}

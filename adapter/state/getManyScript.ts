/**
 * The Lua script behind the batched reads of `RedisStateStore.get`: the `GET`s issued in one tick go
 * to Redis as one command. Not `MGET`, which answers nil for a key of another data type: the store
 * would then take a hash or a list written under its prefix for "no value", where one `GET` fails with
 * WRONGTYPE (and the store fails closed).
 *
 * @module
 */
import { readPerKeyReply, sha1Of } from './scriptReplies';

/**
 * KEYS: the keys to read. Returns one entry per key, in order: the stored text, nil when the key holds
 * nothing, or a one-element array with the error text when `GET` failed for that key (WRONGTYPE).
 */
export const GET_MANY_SCRIPT = `
local values = {}
for i, key in ipairs(KEYS) do
  local ok, value = pcall(redis.call, 'GET', key)
  if ok then
    values[i] = value
  elseif type(value) == 'table' and value.err then
    values[i] = { value.err }
  else
    values[i] = { tostring(value) }
  end
end
return values
`;

/** SHA1 of {@link GET_MANY_SCRIPT}, for `EVALSHA`. */
export const GET_MANY_SHA = sha1Of(GET_MANY_SCRIPT);

/** One key's entry in the script's reply: its raw value (text, or `null`), or the error `GET` met. */
export type GetManyEntry = { readonly value: unknown } | { readonly error: Error };

/**
 * Reads the script's reply for `count` keys; `undefined` when it has another shape (not an array of
 * `count` entries).
 */
export function readGetManyReply(reply: unknown, count: number): GetManyEntry[] | undefined {
  return readPerKeyReply(reply, count, (entry) => ({ value: entry ?? null }));
}

/**
 * The Lua scripts of {@link RedisRateLimitBackend}. Each runs atomically on the Redis server, so every
 * instance sharing the Redis sees one budget per account. `acquire` implements the same steps as
 * `decideAcquire` (backend.ts): pause, GCRA pacing, sliding-window cap.
 *
 * Time is the Redis server's (`TIME`) unless the caller passes one (tests, or a deliberate choice).
 *
 * @module
 */
import { sha1Of } from '../../adapter/state/scriptReplies';

const NOW = `
local now = tonumber(ARGV[NOW_ARG])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
`;

/**
 * KEYS: 1 pause (until, ms), 2 slow-down factor, 3 GCRA tat, 4 grant log (sorted set, score = ms).
 * ARGV: 1 limit, 2 windowMs, 3 burstMs, 4 now ('' = server time), 5 unique member prefix for the log,
 * 6 how many slots to take (default 1).
 * Grants slots one after another at the same instant until one is refused or enough are granted, as
 * that many single calls would. Returns `{granted (count), retryInMs (after a refusal, else 0),
 * paused (0|1)}`; for one slot that is `{1, 0, 0}` or `{0, retryInMs, paused}`.
 */
export const ACQUIRE_SCRIPT = `${NOW.replace('NOW_ARG', '4')}
local pausedUntil = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
if pausedUntil > now then return {0, math.max(1, math.ceil(pausedUntil - now)), 1} end
local limit = tonumber(ARGV[1])
local factor = tonumber(redis.call('GET', KEYS[2]) or '1') or 1
local eff = math.max(1, math.floor(limit * factor + 1e-9))
local windowMs = tonumber(ARGV[2])
local burstMs = tonumber(ARGV[3])
local interval = windowMs / eff
local wanted = tonumber(ARGV[6] or '1') or 1
local tat = tonumber(redis.call('GET', KEYS[3]) or '0') or 0
if tat < now then tat = now end
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now - windowMs)
local count = redis.call('ZCARD', KEYS[4])
local granted = 0
local retryInMs = 0
while granted < wanted do
  local paceWait = tat - burstMs - now
  local capWait = 0
  if count >= eff then
    local blocking = redis.call('ZRANGE', KEYS[4], count - eff, count - eff, 'WITHSCORES')
    capWait = tonumber(blocking[2]) + windowMs - now
  end
  if paceWait > 0 or capWait > 0 then
    retryInMs = math.max(1, math.ceil(math.max(paceWait, capWait)))
    break
  end
  granted = granted + 1
  redis.call('ZADD', KEYS[4], now, ARGV[5] .. '.' .. granted)
  count = count + 1
  tat = tat + interval
end
if granted > 0 then
  -- Entries leave the window by score; the key TTL (a minute more than needed) only cleans up idle
  -- accounts, and keeps the cap right even when a caller's clock runs apart from the server's.
  redis.call('PEXPIRE', KEYS[4], math.ceil(windowMs) + 60000)
  redis.call('SET', KEYS[3], string.format('%.17g', tat), 'PX', math.ceil(windowMs + burstMs + interval) + 60000)
end
return {granted, retryInMs, 0}
`;

/**
 * KEYS: 1 pause (until, ms). ARGV: 1 forMs, 2 now ('' = server time).
 * Extends the pause to now + forMs unless it already lasts longer. Returns the pause end (ms).
 */
export const PAUSE_SCRIPT = `${NOW.replace('NOW_ARG', '2')}
local untilMs = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
if untilMs > current then
  redis.call('SET', KEYS[1], string.format('%.17g', untilMs), 'PX', math.max(1, math.ceil(untilMs - now)))
  return math.ceil(untilMs)
end
return math.ceil(current)
`;

/** SHA1 of {@link ACQUIRE_SCRIPT}, for `EVALSHA`. */
export const ACQUIRE_SHA = sha1Of(ACQUIRE_SCRIPT);

/** SHA1 of {@link PAUSE_SCRIPT}, for `EVALSHA`. */
export const PAUSE_SHA = sha1Of(PAUSE_SCRIPT);

import { LuaScript } from './LuaScript';

/**
 * Fill or fail, atomically. KEYS: record, lease. ARGV: value, ttl ms (`> 0`: SET PX; `0`: SET with
 * no expiry; `< 0`: write nothing), token, channel, notification. Writes the record, deletes the lease
 * if the token still holds it, publishes the notification. Returns 1 when the lease was released.
 * @internal
 */
export const FILL_SCRIPT = new LuaScript(
  `local ttl = tonumber(ARGV[2])
if ttl > 0 then redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl)
elseif ttl == 0 then redis.call('SET', KEYS[1], ARGV[1]) end
local released = 0
if redis.call('GET', KEYS[2]) == ARGV[3] then redis.call('DEL', KEYS[2]) released = 1 end
redis.call('PUBLISH', ARGV[4], ARGV[5])
return released`,
);

/** Compare-and-delete. KEYS: lease. ARGV: token. Returns 1 when deleted. @internal */
export const RELEASE_SCRIPT = new LuaScript(
  `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`,
);

/** Compare-and-extend. KEYS: lease. ARGV: token, ttl ms. Returns 1 when extended, 0 when lost. @internal */
export const RENEW_SCRIPT = new LuaScript(
  `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`,
);

/** The wait's re-read. KEYS: record, lease. Returns { record bytes or nil, 1 if leased else 0 }. @internal */
export const PEEK_SCRIPT = new LuaScript(`return { redis.call('GET', KEYS[1]), redis.call('EXISTS', KEYS[2]) }`);

/**
 * Raise tag times, never lower them, and keep them at least as long as asked. KEYS: the tags (one
 * hash slot). ARGV: time (epoch ms), keep ms (`0`: forever). An existing longer TTL (or none) is kept.
 * @internal
 */
export const RAISE_TAGS_SCRIPT = new LuaScript(
  `local at = tonumber(ARGV[1])
for _, key in ipairs(KEYS) do
  local keep = tonumber(ARGV[2])
  local current = tonumber(redis.call('GET', key) or '0') or 0
  local pttl = redis.call('PTTL', key)
  if at > current then
    if keep == 0 or pttl == -1 then redis.call('SET', key, ARGV[1])
    else
      if pttl > keep then keep = pttl end
      redis.call('SET', key, ARGV[1], 'PX', keep)
    end
  elseif keep == 0 then
    if pttl >= 0 then redis.call('PERSIST', key) end
  elseif pttl >= 0 and pttl < keep then
    redis.call('PEXPIRE', key, keep)
  end
end
return #KEYS`,
);

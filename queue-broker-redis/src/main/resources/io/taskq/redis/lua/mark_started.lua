#!lua flags=allow-oom
-- mark_started: records that the handlers of these claims started (no longer "reserved").
-- KEYS[1] active  KEYS[2] lease
-- ARGV[1] now override ('' = Redis TIME)  ARGV[2..] pairs: id, token
-- Returns: number of claims marked; a stale token changes nothing.
-- allow-oom: it rewrites an existing lease field in place, at maxmemory too (noeviction).
local bad = wrong_type('zset', 'hash')
if bad then return redis.error_reply(bad) end
local now = redis_now(ARGV[1])
local n = 0
for i = 2, #ARGV, 2 do
  local id, token = ARGV[i], ARGV[i + 1]
  local v = redis.call('HGET', KEYS[2], id)
  if v and redis.call('ZSCORE', KEYS[1], id) then
    local t, w, c = string.match(v, '^([^|]*)|([^|]*)|([^|]*)|')
    if t == token then
      redis.call('HSET', KEYS[2], id, t .. '|' .. w .. '|' .. c .. '|' .. now)
      n = n + 1
    end
  end
end
return n

#!lua flags=allow-oom
-- extend: moves the lease deadline of held claims to now + lease.
-- KEYS[1] active  KEYS[2] lease
-- ARGV[1] now override ('' = Redis TIME)  ARGV[2] lease ms  ARGV[3..] pairs: id, token
-- Returns: ids whose claim is no longer held (token mismatch or not active); those are unchanged.
-- allow-oom: keeping a lease alive must work at maxmemory (noeviction); ZADD XX adds nothing.
local bad = wrong_type('zset', 'hash')
if bad then return redis.error_reply(bad) end
local now = redis_now(ARGV[1])
local deadline = now + tonumber(ARGV[2])
local lost = {}
for i = 3, #ARGV, 2 do
  local id, token = ARGV[i], ARGV[i + 1]
  if holds(KEYS[1], KEYS[2], id, token) then
    redis.call('ZADD', KEYS[1], 'XX', deadline, id)
  else
    lost[#lost + 1] = id
  end
end
return lost

#!lua flags=allow-oom
-- pause: sets or clears a queue's pause flag; clearing it wakes the queue's waiting workers.
-- KEYS[1] paused  KEYS[2] marker
-- ARGV[1] now override ('' = Redis TIME)  ARGV[2] '1' pause | '0' resume
-- Returns: 1.
-- allow-oom: pausing is what an operator does when Redis is full (maxmemory with noeviction);
-- the flag is a few bytes.
local bad = wrong_type('string', 'zset')
if bad then return redis.error_reply(bad) end
local now = redis_now(ARGV[1])
if ARGV[2] == '1' then
  redis.call('SET', KEYS[1], '1')
else
  redis.call('DEL', KEYS[1])
  wake(KEYS[2], now, 'p')
end
return 1

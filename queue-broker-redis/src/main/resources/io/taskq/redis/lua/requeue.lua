-- requeue: returns a claimed task to the head of pending (of its own priority): shutdown,
-- unstarted work.
-- KEYS[1] active  KEYS[2] lease  KEYS[3] pending  KEYS[4] marker  KEYS[5] priority
-- KEYS[6] prioritized
-- ARGV[1] now override ('' = Redis TIME)  ARGV[2] id  ARGV[3] token
-- Returns: 1 done, 0 claim no longer held (nothing changed).
local bad = wrong_type('zset', 'hash', 'list', 'zset', 'hash', 'zset')
if bad then return redis.error_reply(bad) end
local now = redis_now(ARGV[1])
local id = ARGV[2]
if not release(KEYS[1], KEYS[2], id, ARGV[3]) then return 0 end
push_pending(KEYS[3], KEYS[6], KEYS[5], id, true)
wake(KEYS[4], now, 'p')
return 1

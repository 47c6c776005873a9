-- replay: moves a dead task back to the tail of pending (of its own priority) with its replayed
-- envelope.
-- KEYS[1] dead  KEYS[2] tasks  KEYS[3] pending  KEYS[4] crashes  KEYS[5] marker  KEYS[6] priority
-- KEYS[7] prioritized
-- ARGV[1] now override ('' = Redis TIME)  ARGV[2] id  ARGV[3] envelope
-- Returns: 1 replayed, 0 not in the DLQ (nothing changed).
local bad = wrong_type('zset', 'hash', 'list', 'hash', 'zset', 'hash', 'zset')
if bad then return redis.error_reply(bad) end
local now = redis_now(ARGV[1])
if redis.call('ZREM', KEYS[1], ARGV[2]) == 0 then
  return 0
end
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
redis.call('HDEL', KEYS[4], ARGV[2])
push_pending(KEYS[3], KEYS[7], KEYS[6], ARGV[2], false)
wake(KEYS[5], now, 'p')
return 1

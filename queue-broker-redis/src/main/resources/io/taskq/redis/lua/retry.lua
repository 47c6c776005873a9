-- retry: fails a claimed task for another attempt after a delay, storing its new envelope.
-- KEYS[1] tasks  KEYS[2] active  KEYS[3] lease  KEYS[4] retry  KEYS[5] marker  KEYS[6] stats
-- ARGV[1] now override ('' = Redis TIME)  ARGV[2] id  ARGV[3] token  ARGV[4] envelope
-- ARGV[5] delay ms
-- Returns: 1 done, 0 claim no longer held (nothing changed).
local bad = wrong_type('hash', 'zset', 'hash', 'zset', 'zset', 'hash')
if bad then return redis.error_reply(bad) end
local now = redis_now(ARGV[1])
local id = ARGV[2]
if not fail_claim(KEYS[1], KEYS[2], KEYS[3], KEYS[6], id, ARGV[3], ARGV[4]) then return 0 end
redis.call('ZADD', KEYS[4], now + tonumber(ARGV[5]), id)
redis.call('ZADD', KEYS[5], now, 's')
redis.call('HINCRBY', KEYS[6], 'retried', 1)
return 1

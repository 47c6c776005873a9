-- retry: fails a claimed task for another attempt after a delay, storing its new envelope.
-- KEYS[1] tasks  KEYS[2] active  KEYS[3] lease  KEYS[4] retry  KEYS[5] marker  KEYS[6] stats
-- ARGV[1] now override ('' = Redis TIME)  ARGV[2] id  ARGV[3] token  ARGV[4] envelope
-- KEYS[7] revoked
-- ARGV[5] delay ms
-- A revoked task is due at once instead: its next claim ends it REVOKED, it never runs again.
-- Returns: 1 done, 0 claim no longer held (nothing changed).
local bad = wrong_type('hash', 'zset', 'hash', 'zset', 'zset', 'hash', 'zset')
if bad then return redis.error_reply(bad) end
local now = redis_now(ARGV[1])
local id = ARGV[2]
if not fail_claim(KEYS[1], KEYS[2], KEYS[3], KEYS[6], id, ARGV[3], ARGV[4]) then return 0 end
local due = redis.call('ZSCORE', KEYS[7], id) and now or now + tonumber(ARGV[5])
redis.call('ZADD', KEYS[4], due, id)
wake(KEYS[5], now, 's')
redis.call('HINCRBY', KEYS[6], 'retried', 1)
return 1

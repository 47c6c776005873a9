-- retry: fails a claimed task for another attempt after a delay, storing its new envelope.
-- KEYS[1] tasks  KEYS[2] active  KEYS[3] lease  KEYS[4] retry  KEYS[5] marker  KEYS[6] stats
-- ARGV[1] now override ('' = Redis TIME)  ARGV[2] id  ARGV[3] token  ARGV[4] envelope
-- ARGV[5] delay ms
-- Returns: 1 done, 0 claim no longer held (nothing changed).
local bad = wrong_type('hash', 'zset', 'hash', 'zset', 'zset', 'hash')
if bad then return redis.error_reply(bad) end
local now = tonumber(ARGV[1])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local id = ARGV[2]
local v = redis.call('HGET', KEYS[3], id)
if not v or string.match(v, '^([^|]*)|') ~= ARGV[3] or not redis.call('ZSCORE', KEYS[2], id) then
  return 0
end
redis.call('ZREM', KEYS[2], id)
redis.call('HDEL', KEYS[3], id)
redis.call('HSET', KEYS[1], id, ARGV[4])
redis.call('ZADD', KEYS[4], now + tonumber(ARGV[5]), id)
redis.call('ZADD', KEYS[5], now, 's')
redis.call('HINCRBY', KEYS[6], 'failed', 1)
redis.call('HINCRBY', KEYS[6], 'retried', 1)
return 1

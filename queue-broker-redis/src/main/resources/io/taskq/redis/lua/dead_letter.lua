-- dead_letter: moves a claimed task to the DLQ with its new envelope, then trims the DLQ.
-- KEYS[1] tasks  KEYS[2] active  KEYS[3] lease  KEYS[4] dead  KEYS[5] stats  KEYS[6] crashes
-- ARGV[1] now override ('' = Redis TIME)  ARGV[2] id  ARGV[3] token  ARGV[4] envelope
-- ARGV[5] DLQ max size  ARGV[6] DLQ max age ms
-- Returns: 1 done, 0 claim no longer held (nothing changed).
-- Trimming drops at most 1000 tasks per call: older than max age, then oldest over max size.
local bad = wrong_type('hash', 'zset', 'hash', 'zset', 'hash', 'hash')
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
redis.call('ZADD', KEYS[4], now, id)
redis.call('HINCRBY', KEYS[5], 'failed', 1)
redis.call('HINCRBY', KEYS[5], 'dead', 1)
local old = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', '(' .. (now - tonumber(ARGV[6])), 'LIMIT', 0, 1000)
local excess = redis.call('ZCARD', KEYS[4]) - #old - tonumber(ARGV[5])
if excess > 0 then
  local oldest = redis.call('ZRANGE', KEYS[4], #old, #old + math.min(excess, 1000) - 1)
  for _, x in ipairs(oldest) do old[#old + 1] = x end
end
for _, x in ipairs(old) do
  redis.call('ZREM', KEYS[4], x)
  redis.call('HDEL', KEYS[1], x)
  redis.call('HDEL', KEYS[6], x)
end
return 1

-- requeue: returns a claimed task to the head of pending (shutdown, unstarted work).
-- KEYS[1] active  KEYS[2] lease  KEYS[3] pending  KEYS[4] marker
-- ARGV[1] now override ('' = Redis TIME)  ARGV[2] id  ARGV[3] token
-- Returns: 1 done, 0 claim no longer held (nothing changed).
local bad = wrong_type('zset', 'hash', 'list', 'zset')
if bad then return redis.error_reply(bad) end
local now = tonumber(ARGV[1])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local id = ARGV[2]
local v = redis.call('HGET', KEYS[2], id)
if not v or string.match(v, '^([^|]*)|') ~= ARGV[3] or not redis.call('ZSCORE', KEYS[1], id) then
  return 0
end
redis.call('ZREM', KEYS[1], id)
redis.call('HDEL', KEYS[2], id)
redis.call('LPUSH', KEYS[3], id)
redis.call('ZADD', KEYS[4], now, 'p')
return 1

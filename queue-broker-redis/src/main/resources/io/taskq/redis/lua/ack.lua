-- ack: completes claimed tasks, keeping results when given; trims expired results.
-- KEYS[1] tasks  KEYS[2] active  KEYS[3] lease  KEYS[4] crashes  KEYS[5] stats
-- KEYS[6] results  KEYS[7] results:exp  KEYS[8] records  KEYS[9] priority  KEYS[10] rate
-- KEYS[11] marker
-- ARGV[1] now override ('' = Redis TIME)
-- ARGV[2..] quintuples: id, token, result ('' = none), result ttl ms, task record ('' = none;
-- kept with the result, expires with it)
-- Returns: ids whose ack was rejected (claim no longer held); those are unchanged.
-- A freed slot wakes a worker held back by the queue's max active (lib/rate.lua).
local bad = wrong_type('hash', 'zset', 'hash', 'hash', 'hash', 'hash', 'zset', 'hash', 'hash',
  'hash', 'zset')
if bad then return redis.error_reply(bad) end
local now = redis_now(ARGV[1])
local rejected = {}
local done = 0
for i = 2, #ARGV, 5 do
  local id, token, result, ttl = ARGV[i], ARGV[i + 1], ARGV[i + 2], tonumber(ARGV[i + 3])
  if release(KEYS[2], KEYS[3], id, token) then
    redis.call('HDEL', KEYS[1], id)
    redis.call('HDEL', KEYS[4], id)
    redis.call('HDEL', KEYS[9], id)
    if result ~= '' and ttl > 0 then
      redis.call('HSET', KEYS[6], id, result)
      if ARGV[i + 4] ~= '' then redis.call('HSET', KEYS[8], id, ARGV[i + 4]) end
      redis.call('ZADD', KEYS[7], now + ttl, id)
    end
    done = done + 1
  else
    rejected[#rejected + 1] = id
  end
end
if done > 0 then
  redis.call('HINCRBY', KEYS[5], 'processed', done)
  slot_freed(KEYS[10], KEYS[11], now)
end
local expired = redis.call('ZRANGEBYSCORE', KEYS[7], '-inf', now, 'LIMIT', 0, 100)
for _, id in ipairs(expired) do
  redis.call('HDEL', KEYS[6], id)
  redis.call('HDEL', KEYS[8], id)
  redis.call('ZREM', KEYS[7], id)
end
return rejected

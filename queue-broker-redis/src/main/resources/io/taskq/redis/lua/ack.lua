-- ack: completes claimed tasks, keeping their records (and results when given) for the result
-- TTL, tells waiters (keep_record publishes each id on the queue's done channel), and trims
-- expired records.
-- KEYS[1] tasks  KEYS[2] active  KEYS[3] lease  KEYS[4] crashes  KEYS[5] stats
-- KEYS[6] results  KEYS[7] results:exp  KEYS[8] records  KEYS[9] priority  KEYS[10] rate
-- KEYS[11] marker
-- ARGV[1] now override ('' = Redis TIME)
-- ARGV[2..] quintuples: id, token, result ('' = none), ttl ms (0 = keep nothing), task record
-- ('' = none; see RecordField)
-- Returns: ids whose ack was rejected (claim no longer held); those are unchanged.
-- A freed slot wakes a worker held back by the queue's max active (lib/rate.lua).
local bad = wrong_type('hash', 'zset', 'hash', 'hash', 'hash', 'hash', 'zset', 'hash', 'hash',
  'hash', 'zset')
if bad then return redis.error_reply(bad) end
local now = redis_now(ARGV[1])
local rejected = {}
local done = 0
for i = 2, #ARGV, 5 do
  local id, token = ARGV[i], ARGV[i + 1]
  if release(KEYS[2], KEYS[3], id, token) then
    redis.call('HDEL', KEYS[1], id)
    redis.call('HDEL', KEYS[4], id)
    redis.call('HDEL', KEYS[9], id)
    keep_record(KEYS[6], KEYS[7], KEYS[8], id, ARGV[i + 4], ARGV[i + 2], tonumber(ARGV[i + 3]),
      now)
    done = done + 1
  else
    rejected[#rejected + 1] = id
  end
end
if done > 0 then
  redis.call('HINCRBY', KEYS[5], 'processed', done)
  slot_freed(KEYS[10], KEYS[11], now)
end
trim_records(KEYS[6], KEYS[7], KEYS[8], now)
return rejected

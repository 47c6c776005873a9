-- beat_fire: enqueues one beat occurrence at most once, in the queue's slot. The guard holds, per
-- entry, the last occurrence fired; only a later occurrence fires, so a replica that was paused
-- and wakes up cannot fire an occurrence twice, even after its task was acked and removed.
-- KEYS[1] tasks  KEYS[2] pending  KEYS[3] marker  KEYS[4] beat guard  KEYS[5] dead
-- ARGV[1] now override in ms ('' = Redis TIME)  ARGV[2] entry  ARGV[3] occurrence ms
-- ARGV[4] task id  ARGV[5] envelope  ARGV[6] '1' = skip while the previous task is live
-- Returns: 1 fired, 0 this or a later occurrence was fired before, 2 skipped (previous live).
-- A skipped occurrence counts as fired: no replica fires it later. Field '<entry>#task' holds the
-- occurrence whose task was last enqueued: the "previous" task of the overlap check.
local bad = wrong_type('hash', 'list', 'zset', 'hash', 'zset')
if bad then return redis.error_reply(bad) end
local now = redis_now(ARGV[1])
local occurrence = tonumber(ARGV[3])
local last = tonumber(redis.call('HGET', KEYS[4], ARGV[2]))
if last and last >= occurrence then
  return 0
end
redis.call('HSET', KEYS[4], ARGV[2], ARGV[3])
local lastTask = redis.call('HGET', KEYS[4], ARGV[2] .. '#task')
if ARGV[6] == '1' and lastTask then
  local previous = 'beat:' .. ARGV[2] .. ':' .. lastTask
  if redis.call('HEXISTS', KEYS[1], previous) == 1 and not redis.call('ZSCORE', KEYS[5], previous) then
    return 2
  end
end
redis.call('HSET', KEYS[4], ARGV[2] .. '#task', ARGV[3])
if redis.call('HSETNX', KEYS[1], ARGV[4], ARGV[5]) == 1 then
  push_pending(KEYS[2], nil, nil, ARGV[4], false, 0) -- priority 0: the LIST only
  wake(KEYS[3], now, 'p')
end
return 1

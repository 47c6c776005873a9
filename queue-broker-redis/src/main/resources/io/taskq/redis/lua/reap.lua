#!lua flags=allow-oom
-- reap: returns tasks whose lease expired to the head of pending (of their own priority),
-- counting a crash recovery; a task over max crashes goes to the DLQ instead (its reason is
-- derived from the crash count).
-- KEYS[1] active  KEYS[2] lease  KEYS[3] pending  KEYS[4] crashes  KEYS[5] dead  KEYS[6] tasks
-- KEYS[7] stats   KEYS[8] reaper  KEYS[9] marker  KEYS[10] priority  KEYS[11] prioritized
-- KEYS[12] revoked  KEYS[13] results  KEYS[14] results:exp  KEYS[15] records  KEYS[16] links
-- KEYS[17] outbox
-- ARGV[1] now override ('' = Redis TIME)  ARGV[2] limit  ARGV[3] max crashes
-- ARGV[4] DLQ max size  ARGV[5] DLQ max age ms  ARGV[6] guard ttl ms (0 = no guard)
-- ARGV[7] record ttl ms of a dead-lettered task (0 = keep none)
-- Returns: {{recovered ids}, {dead-lettered ids}, next} or {'skipped', next} when another pass
-- holds the guard; next = ms until the earliest lease deadline left in active (when skipped: or
-- the guard's release, if later), -1 when nothing is active. The guard stores its expiry time so
-- it follows the same clock as everything else. A dead-lettered task keeps a record (state DEAD,
-- error Crashed; its name read from the envelope's head, never by decoding JSON) and waiters
-- are told.
-- allow-oom: the reaper keeps tasks moving at maxmemory (noeviction); its guard is a small key.
-- nothing active (an idle queue): nothing can expire and nothing is written, so no key needs its
-- type checked; one command
if redis.call('EXISTS', KEYS[1]) == 0 then return {{}, {}, -1} end
local bad = wrong_type('zset', 'hash', 'list', 'hash', 'zset', 'hash', 'hash', 'string', 'zset',
  'hash', 'zset', 'zset', 'hash', 'zset', 'hash', 'hash', 'list')
if bad then return redis.error_reply(bad) end
local now = redis_now(ARGV[1])
local function nextExpiry(after)
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  if #first == 0 then return -1 end
  local wait = math.max(0, tonumber(first[2]) - now, after)
  -- a deadline beyond any real time (+inf: garbage, taskq fsck repairs it) has no integer reply
  if wait > 253402300800000 then return -1 end
  return wait
end
local guardTtl = tonumber(ARGV[6])
if guardTtl > 0 then
  local until_ = tonumber(redis.call('GET', KEYS[8]) or '0')
  if until_ > now then return {'skipped', nextExpiry(until_ - now)} end
  redis.call('SET', KEYS[8], now + guardTtl, 'PX', guardTtl)
end
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[2]))
local recovered, dead = {}, {}
-- oldest deadline first; each goes to the head, so walk backwards to keep their order
for i = #expired, 1, -1 do
  local id = expired[i]
  local lease = redis.call('HGET', KEYS[2], id) or ''
  redis.call('ZREM', KEYS[1], id)
  redis.call('HDEL', KEYS[2], id)
  local n = redis.call('HINCRBY', KEYS[4], id, 1)
  -- a revoked task goes back to pending whatever its crashes: its next claim ends it REVOKED
  if n > tonumber(ARGV[3]) and not redis.call('ZSCORE', KEYS[12], id) then
    local _, worker, _, started = string.match(lease, '^([^|]*)|([^|]*)|([^|]*)|([^|]*)')
    local env = redis.call('HGET', KEYS[6], id) or ''
    local name = string.match(env, '^{"v":%d+,"id":"[^"]*","task":"([^"|]+)"') or ''
    local record = 'DEAD||' .. (started or '') .. '|' .. now .. '|' .. n .. '|' .. name .. '|'
      .. (worker or '') .. '|Crashed|crashed worker ' .. n .. ' times'
    keep_record(KEYS[13], KEYS[14], KEYS[15], id, record, '', tonumber(ARGV[7]), now)
    settle_links(KEYS[16], KEYS[17], id, 'DEAD', '', record)
    redis.call('ZADD', KEYS[5], now, id)
    redis.call('HINCRBY', KEYS[7], 'dead', 1)
    table.insert(dead, 1, id)
  else
    push_pending(KEYS[3], KEYS[11], KEYS[10], id, true)
    redis.call('HINCRBY', KEYS[7], 'recovered', 1)
    table.insert(recovered, 1, id)
  end
end
if #dead > 0 then
  trim_dead(KEYS[5], KEYS[6], KEYS[4], now, tonumber(ARGV[4]), tonumber(ARGV[5]), KEYS[10])
  trim_records(KEYS[13], KEYS[14], KEYS[15], now)
end
-- work came back, or a slot was freed for a claim held back by max active (lib/rate.lua)
if #expired > 0 then wake(KEYS[9], now, 'p') end
return {recovered, dead, nextExpiry(0)}

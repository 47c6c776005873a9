-- fsck_repair: fixes inconsistencies found by a scan, re-checking each id first (the scan is not
-- atomic; an id that is fine by now is left alone).
-- KEYS[1] tasks  KEYS[2] pending  KEYS[3] active  KEYS[4] scheduled  KEYS[5] retry  KEYS[6] dead
-- KEYS[7] lease  KEYS[8] marker  KEYS[9] results:exp  KEYS[10] priority  KEYS[11] prioritized
-- ARGV[1] now override ('' = Redis TIME)
-- ARGV[2] problem: 'dangling' | 'orphan' | 'expired' | 'duplicate' | 'score'
-- ARGV[3] expired-before cutoff in ms  ARGV[4..] ids (at most 1000)
-- Returns: how many were repaired.
local bad = wrong_type('hash', 'list', 'zset', 'zset', 'zset', 'zset', 'hash', 'zset', 'zset',
  'hash', 'zset')
if bad then return redis.error_reply(bad) end
local now = redis_now(ARGV[1])
local cutoff = tonumber(ARGV[3])
local function indexed(id)
  if pending_has(KEYS[2], KEYS[11], id) > 0 then return true end
  for k = 3, 6 do
    if redis.call('ZSCORE', KEYS[k], id) then return true end
  end
  return false
end
local n = 0
for i = 4, #ARGV do
  local id = ARGV[i]
  if ARGV[2] == 'dangling' then
    if redis.call('HEXISTS', KEYS[1], id) == 0 and indexed(id) then
      remove_pending(KEYS[2], KEYS[11], id, 0)
      for k = 3, 6 do redis.call('ZREM', KEYS[k], id) end
      redis.call('HDEL', KEYS[7], id)
      redis.call('HDEL', KEYS[10], id)
      n = n + 1
    end
  elseif ARGV[2] == 'orphan' then
    if redis.call('HEXISTS', KEYS[1], id) == 1 and not indexed(id) then
      push_pending(KEYS[2], KEYS[11], KEYS[10], id, false)
      n = n + 1
    end
  elseif ARGV[2] == 'duplicate' then
    -- pending entries beyond one, or all of them when another state holds the task
    local keep = 1
    for k = 3, 6 do
      if redis.call('ZSCORE', KEYS[k], id) then keep = 0 end
    end
    if remove_pending(KEYS[2], KEYS[11], id, keep) > 0 then n = n + 1 end -- the head copy stays
  elseif ARGV[2] == 'score' then
    -- a time that is no real time (inf, past the year 10000) becomes now
    local fixed = false
    for _, k in ipairs({3, 4, 5, 6, 9}) do
      local s = tonumber(redis.call('ZSCORE', KEYS[k], id) or '0')
      if not s or s ~= s or math.abs(s) >= 253402300800000 then
        redis.call('ZADD', KEYS[k], 'XX', now, id)
        fixed = true
      end
    end
    if fixed then n = n + 1 end
  elseif ARGV[2] == 'expired' then
    local deadline = tonumber(redis.call('ZSCORE', KEYS[3], id))
    if deadline and deadline < cutoff then
      redis.call('ZREM', KEYS[3], id)
      redis.call('HDEL', KEYS[7], id)
      push_pending(KEYS[2], KEYS[11], KEYS[10], id, true)
      n = n + 1
    end
  end
end
if n > 0 and ARGV[2] ~= 'dangling' and ARGV[2] ~= 'duplicate' then wake(KEYS[8], now, 'p') end
return n

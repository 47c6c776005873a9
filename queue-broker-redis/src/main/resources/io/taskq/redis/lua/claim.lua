-- claim: moves up to n pending tasks to active under a lease.
-- KEYS[1] pending  KEYS[2] active  KEYS[3] lease  KEYS[4] tasks  KEYS[5] crashes
-- KEYS[6] paused   KEYS[7] marker
-- ARGV[1] now override ('' = Redis TIME)  ARGV[2] max  ARGV[3] lease ms  ARGV[4] worker id
-- ARGV[5] token prefix (fresh per call; the i-th claimed task gets prefix..':'..i)
-- Returns: {now, id, envelope|nil, crashes, id, envelope|nil, crashes, ...}; {now} when paused
-- or empty. The marker is re-signalled while pending work remains so other idle workers wake.
local now = tonumber(ARGV[1])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local out = {now}
if redis.call('EXISTS', KEYS[6]) == 1 then return out end
local ids = redis.call('LPOP', KEYS[1], tonumber(ARGV[2]))
if not ids then return out end
local deadline = now + tonumber(ARGV[3])
for i, id in ipairs(ids) do
  redis.call('ZADD', KEYS[2], deadline, id)
  redis.call('HSET', KEYS[3], id, ARGV[5] .. ':' .. i .. '|' .. ARGV[4] .. '|' .. now .. '|')
  out[#out + 1] = id
  out[#out + 1] = redis.call('HGET', KEYS[4], id)
  out[#out + 1] = tonumber(redis.call('HGET', KEYS[5], id) or '0')
end
if redis.call('LLEN', KEYS[1]) > 0 then redis.call('ZADD', KEYS[7], now, 'p') end
return out

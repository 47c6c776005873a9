-- claim: moves up to n pending tasks to active under a lease.
-- KEYS[1] pending  KEYS[2] active  KEYS[3] lease  KEYS[4] tasks  KEYS[5] crashes
-- KEYS[6] paused   KEYS[7] marker  KEYS[8] prioritized  KEYS[9] revoked
-- ARGV[1] now override ('' = Redis TIME)  ARGV[2] max  ARGV[3] lease ms  ARGV[4] worker id
-- ARGV[5] token prefix (fresh per call; the i-th claimed task gets prefix..':'..i)
-- Returns: {now, k, k dropped ids..., id, envelope, crashes, revoked, id, envelope, crashes,
-- revoked, ...} (revoked 1 or 0: a revoked task is claimed so that its worker ends it REVOKED);
-- {now, 0} when paused or empty. The marker is re-signalled while pending work remains so other idle workers wake.
-- An id without payload (a duplicate of a task that already finished, or a dangling id) or one
-- already active (a duplicate of a held claim) is dropped from pending and reported, not claimed:
-- only one occurrence of a task may run. `taskq fsck` reports both kinds while still pending.
-- Writes: the pop first (it frees memory), so a claim works at maxmemory with noeviction.
-- Priorities 1 to 9 wait in prioritized, claimed before pending (see lib/pending.lua).
local bad = wrong_type('list', 'zset', 'hash', 'hash', 'hash', 'string', 'zset', 'zset', 'zset')
if bad then return redis.error_reply(bad) end
local now = redis_now(ARGV[1])
if redis.call('EXISTS', KEYS[6]) == 1 then return {now, 0} end
local ids = pop_pending(KEYS[1], KEYS[8], tonumber(ARGV[2]))
if #ids == 0 then return {now, 0} end
local out, dropped = {}, {}
local any_revoked = redis.call('EXISTS', KEYS[9]) == 1
local deadline = now + tonumber(ARGV[3])
local n = 0
for _, id in ipairs(ids) do
  local env = redis.call('HGET', KEYS[4], id)
  if env and not redis.call('ZSCORE', KEYS[2], id) then
    n = n + 1
    redis.call('ZADD', KEYS[2], deadline, id)
    redis.call('HSET', KEYS[3], id, ARGV[5] .. ':' .. n .. '|' .. ARGV[4] .. '|' .. now .. '|')
    out[#out + 1] = id
    out[#out + 1] = env
    out[#out + 1] = tonumber(redis.call('HGET', KEYS[5], id) or '0')
    out[#out + 1] = (any_revoked and redis.call('ZSCORE', KEYS[9], id)) and 1 or 0
  else
    dropped[#dropped + 1] = id
  end
end
if pending_len(KEYS[1], KEYS[8]) > 0 then redis.call('ZADD', KEYS[7], now, 'p') end
local head = {now, #dropped}
for _, id in ipairs(dropped) do head[#head + 1] = id end
for _, x in ipairs(out) do head[#head + 1] = x end
return head

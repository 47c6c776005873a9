-- claim: moves up to n pending tasks to active under a lease, within the queue's limits.
-- KEYS[1] pending  KEYS[2] active  KEYS[3] lease  KEYS[4] tasks  KEYS[5] crashes
-- KEYS[6] paused   KEYS[7] marker  KEYS[8] prioritized  KEYS[9] revoked  KEYS[10] rate
-- ARGV[1] now override ('' = Redis TIME)  ARGV[2] max  ARGV[3] lease ms  ARGV[4] worker id
-- ARGV[5] token prefix (fresh per call; the i-th claimed task gets prefix..':'..i)
-- ARGV[6] rate limit: permits per period (0 = none)  ARGV[7] its period ms  ARGV[8] its burst
-- ARGV[9] max active (0 = none)
-- Returns: {now, limit, k, k dropped ids..., id, envelope, crashes, revoked, id, envelope,
-- crashes, revoked, ...} (revoked 1 or 0: a revoked task is claimed so that its worker ends it
-- REVOKED); {now, -1, 0} when paused or empty. limit: -1 not held back; 0 held back by max
-- active (a freed slot signals the marker); > 0 held back by the rate limit, ms until its next
-- token (see lib/rate.lua). The gate comes before the pop: n = min(max, whole tokens, max active
-- - active).
-- The marker is re-signalled while pending work remains, so other idle workers wake: unless
-- max active held the claim back (a freed slot signals then), or the rate limit refused it (the
-- claimer waits for the next token; a claim the rate cut short after it took tasks still wakes
-- one more worker, which joins the wait for tokens).
-- An id without payload (a duplicate of a task that already finished, or a dangling id) or one
-- already active (a duplicate of a held claim) is dropped from pending and reported, not claimed:
-- only one occurrence of a task may run. `taskq fsck` reports both kinds while still pending.
-- Writes: the pop first (it frees memory), so a claim works at maxmemory with noeviction.
-- Priorities 1 to 9 wait in prioritized, claimed before pending (see lib/pending.lua).
local bad = wrong_type('list', 'zset', 'hash', 'hash', 'hash', 'string', 'zset', 'zset', 'zset',
  'hash')
if bad then return redis.error_reply(bad) end
local now = redis_now(ARGV[1])
if redis.call('EXISTS', KEYS[6]) == 1 then return {now, -1, 0} end
local permits, period, max_active = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[9])
local allowed, tokens, bind = claim_gate(KEYS[10], KEYS[2], now, tonumber(ARGV[2]), permits,
  period, tonumber(ARGV[8]), max_active)
local ids = allowed > 0 and pop_pending(KEYS[1], KEYS[8], allowed) or {}
if #ids == 0 and pending_len(KEYS[1], KEYS[8]) == 0 then return {now, -1, 0} end
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
local more = pending_len(KEYS[1], KEYS[8]) > 0
local limit = claim_settle(KEYS[10], KEYS[2], now, n, tokens, bind, more, permits, period,
  max_active)
if more and (limit < 0 or (limit > 0 and n > 0)) then redis.call('ZADD', KEYS[7], now, 'p') end
local head = {now, limit, #dropped}
for _, id in ipairs(dropped) do head[#head + 1] = id end
for _, x in ipairs(out) do head[#head + 1] = x end
return head

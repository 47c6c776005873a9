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
-- The work is lib/claim.lua's, shared with ack_claim.lua.
-- nothing pending (an idle queue): the reply of an empty queue, and no write, so no key needs its
-- type checked
if redis.call('EXISTS', KEYS[1], KEYS[8]) == 0 then return {redis_now(ARGV[1]), -1, 0} end
local bad = wrong_type('list', 'zset', 'hash', 'hash', 'hash', 'string', 'zset', 'zset', 'zset',
  'hash')
if bad then return redis.error_reply(bad) end
return claim_tasks({pending = KEYS[1], active = KEYS[2], lease = KEYS[3], tasks = KEYS[4],
  crashes = KEYS[5], paused = KEYS[6], marker = KEYS[7], prioritized = KEYS[8],
  revoked = KEYS[9], rate = KEYS[10]}, redis_now(ARGV[1]), claim_args(2))

-- dead_letter: moves a claimed task to the DLQ with its new envelope, then trims the DLQ; keeps
-- the task's record (state DEAD, with its error) for the result TTL and tells waiters; hands the
-- task's links to the outbox (settle_links).
-- KEYS[1] tasks  KEYS[2] active  KEYS[3] lease  KEYS[4] dead  KEYS[5] stats  KEYS[6] crashes
-- KEYS[7] priority (kept for a replay; trimmed tasks lose theirs)  KEYS[8] rate  KEYS[9] marker
-- KEYS[10] results  KEYS[11] results:exp  KEYS[12] records  KEYS[13] links  KEYS[14] outbox
-- ARGV[1] now override ('' = Redis TIME)  ARGV[2] id  ARGV[3] token  ARGV[4] envelope
-- ARGV[5] DLQ max size  ARGV[6] DLQ max age ms  ARGV[7] task record ('' = none)
-- ARGV[8] record ttl ms (0 = keep none)
-- Returns: 1 done, 0 claim no longer held (nothing changed).
-- Trimming drops at most 1000 tasks per call: older than max age, then oldest over max size.
-- A freed slot wakes a worker held back by the queue's max active (lib/rate.lua).
local bad = wrong_type('hash', 'zset', 'hash', 'zset', 'hash', 'hash', 'hash', 'hash', 'zset',
  'hash', 'zset', 'hash', 'hash', 'list')
if bad then return redis.error_reply(bad) end
local now = redis_now(ARGV[1])
local id = ARGV[2]
if not fail_claim(KEYS[1], KEYS[2], KEYS[3], KEYS[5], id, ARGV[3], ARGV[4]) then return 0 end
redis.call('ZADD', KEYS[4], now, id)
redis.call('HINCRBY', KEYS[5], 'dead', 1)
slot_freed(KEYS[8], KEYS[9], now)
trim_dead(KEYS[4], KEYS[1], KEYS[6], now, tonumber(ARGV[5]), tonumber(ARGV[6]), KEYS[7])
keep_record(KEYS[10], KEYS[11], KEYS[12], id, ARGV[7], '', tonumber(ARGV[8]), now)
settle_links(KEYS[13], KEYS[14], id, 'DEAD', '', ARGV[7])
trim_records(KEYS[10], KEYS[11], KEYS[12], now)
return 1

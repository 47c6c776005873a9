-- finish: ends a claimed task without running it, in the final state its record names (REVOKED,
-- EXPIRED): removes it with its lease, payload and crash count, counts it in stats under the
-- state's lowercase name, keeps the record and tells waiters (keep_record), and hands the task's
-- links to the outbox (settle_links).
-- KEYS[1] tasks  KEYS[2] active  KEYS[3] lease  KEYS[4] crashes  KEYS[5] stats  KEYS[6] results
-- KEYS[7] results:exp  KEYS[8] records  KEYS[9] priority  KEYS[10] rate  KEYS[11] marker
-- KEYS[12] links  KEYS[13] outbox
-- ARGV[1] now override ('' = Redis TIME)  ARGV[2] id  ARGV[3] token
-- ARGV[4] record (see RecordField)  ARGV[5] result ttl ms
-- Returns: 1 done, 0 claim no longer held (nothing changed).
local bad = wrong_type('hash', 'zset', 'hash', 'hash', 'hash', 'hash', 'zset', 'hash', 'hash',
  'hash', 'zset', 'hash', 'list')
if bad then return redis.error_reply(bad) end
local now = redis_now(ARGV[1])
local id = ARGV[2]
if not release(KEYS[2], KEYS[3], id, ARGV[3]) then return 0 end
redis.call('HDEL', KEYS[1], id)
redis.call('HDEL', KEYS[4], id)
redis.call('HDEL', KEYS[9], id)
redis.call('HINCRBY', KEYS[5], string.lower(string.match(ARGV[4], '^([^|]*)')), 1)
slot_freed(KEYS[10], KEYS[11], now)
keep_record(KEYS[6], KEYS[7], KEYS[8], id, ARGV[4], '', tonumber(ARGV[5]), now)
settle_links(KEYS[12], KEYS[13], id, string.match(ARGV[4], '^([^|]*)'), '', ARGV[4])
return 1

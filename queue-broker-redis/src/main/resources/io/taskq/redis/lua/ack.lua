-- ack: completes claimed tasks, keeping their records (and results when given) for the result
-- TTL, tells waiters (keep_record publishes each id on the queue's done channel), hands the
-- links of linked tasks to the outbox (lib/links.lua), and trims expired records.
-- KEYS[1] tasks  KEYS[2] active  KEYS[3] lease  KEYS[4] crashes  KEYS[5] stats
-- KEYS[6] results  KEYS[7] results:exp  KEYS[8] records  KEYS[9] priority  KEYS[10] rate
-- KEYS[11] marker  KEYS[12] links  KEYS[13] outbox
-- ARGV[1] now override ('' = Redis TIME)
-- ARGV[2..] quintuples: id, token, result ('' = none), ttl ms (0 = keep nothing), task record
-- ('' = none; see RecordField)
-- Returns: ids whose ack was rejected (claim no longer held); those are unchanged.
-- A freed slot wakes a worker held back by the queue's max active (lib/rate.lua). The work is
-- lib/ack.lua's, shared with ack_claim.lua.
local bad = wrong_type('hash', 'zset', 'hash', 'hash', 'hash', 'hash', 'zset', 'hash', 'hash',
  'hash', 'zset', 'hash', 'list')
if bad then return redis.error_reply(bad) end
return ack_tasks({tasks = KEYS[1], active = KEYS[2], lease = KEYS[3], crashes = KEYS[4],
  stats = KEYS[5], results = KEYS[6], results_exp = KEYS[7], records = KEYS[8],
  priority = KEYS[9], rate = KEYS[10], marker = KEYS[11], links = KEYS[12],
  outbox = KEYS[13]}, redis_now(ARGV[1]), 2)

-- ack_claim: a worker's round in one call: acks a batch of claimed tasks of a queue exactly as
-- ack.lua does, then claims the next batch of the same queue exactly as claim.lua does (its
-- limits, pause, priorities, revoked and dropped ids, marker). The acks come first, so the slots
-- they free count for max active and the claim sees the queue as the next claim.lua would.
-- KEYS[1] pending  KEYS[2] active  KEYS[3] lease  KEYS[4] tasks  KEYS[5] crashes
-- KEYS[6] paused   KEYS[7] marker  KEYS[8] prioritized  KEYS[9] revoked  KEYS[10] rate
-- KEYS[11] stats   KEYS[12] results  KEYS[13] results:exp  KEYS[14] records  KEYS[15] priority
-- KEYS[16] links  KEYS[17] outbox
-- ARGV[1] now override ('' = Redis TIME)
-- ARGV[2] max to claim (0 = claim nothing)  ARGV[3] lease ms  ARGV[4] worker id
-- ARGV[5] token prefix (fresh per call)  ARGV[6] rate limit: permits per period (0 = none)
-- ARGV[7] its period ms  ARGV[8] its burst  ARGV[9] max active (0 = none)
-- ARGV[10..] quintuples to ack: id, token, result ('' = none), ttl ms (0 = keep nothing), task
-- record ('' = none; see RecordField)
-- The claim arguments are claim.lua's, the quintuples ack.lua's, in the same order.
-- Returns: {rejected, claimed}: rejected the ids whose ack was rejected (claim no longer held,
-- unchanged), as ack.lua returns them; claimed the reply of claim.lua. A paused queue still
-- acks; it claims nothing.
local bad = wrong_type('list', 'zset', 'hash', 'hash', 'hash', 'string', 'zset', 'zset', 'zset',
  'hash', 'hash', 'hash', 'zset', 'hash', 'hash', 'hash', 'list')
if bad then return redis.error_reply(bad) end
local now = redis_now(ARGV[1])
local rejected = ack_tasks({tasks = KEYS[4], active = KEYS[2], lease = KEYS[3],
  crashes = KEYS[5], stats = KEYS[11], results = KEYS[12], results_exp = KEYS[13],
  records = KEYS[14], priority = KEYS[15], rate = KEYS[10], marker = KEYS[7], links = KEYS[16],
  outbox = KEYS[17]}, now, 10)
local claimed = claim_tasks({pending = KEYS[1], active = KEYS[2], lease = KEYS[3],
  tasks = KEYS[4], crashes = KEYS[5], paused = KEYS[6], marker = KEYS[7], prioritized = KEYS[8],
  revoked = KEYS[9], rate = KEYS[10]}, now, claim_args(2))
return {rejected, claimed}

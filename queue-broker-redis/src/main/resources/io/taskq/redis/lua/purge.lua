-- purge: deletes up to ARGV[2] tasks of one state (never active ones), with their payloads,
-- crash counts, priorities and links (a purged task has no follow-ups). Called in a loop until it returns 0, so no call blocks Redis for
-- long.
-- KEYS[1] the state's index (pending, or the scheduled/retry/dead ZSET)  KEYS[2] tasks
-- KEYS[3] crashes  KEYS[4] priority  KEYS[5] prioritized (read for 'pending' only)  KEYS[6] links
-- ARGV[1] 'pending' (with prioritized, see lib/pending.lua) or 'zset'  ARGV[2] most ids to delete
-- Returns: how many were deleted.
local pending = ARGV[1] == 'pending'
local bad = wrong_type(pending and 'list' or 'zset', 'hash', 'hash', 'hash', pending and 'zset' or '',
  'hash')
if bad then return redis.error_reply(bad) end
local n = tonumber(ARGV[2])
local ids
if pending then
  ids = pop_pending(KEYS[1], KEYS[5], n)
else
  ids = redis.call('ZRANGE', KEYS[1], 0, n - 1)
  if #ids > 0 then redis.call('ZREM', KEYS[1], unpack(ids)) end
end
if #ids > 0 then
  redis.call('HDEL', KEYS[2], unpack(ids))
  redis.call('HDEL', KEYS[3], unpack(ids))
  redis.call('HDEL', KEYS[4], unpack(ids))
  redis.call('HDEL', KEYS[6], unpack(ids))
end
return #ids

-- purge: deletes up to ARGV[2] tasks of one state (never active ones), with their payloads and
-- crash counts. Called in a loop until it returns 0, so no call blocks Redis for long.
-- KEYS[1] the state's index (pending LIST, or scheduled/retry/dead ZSET)  KEYS[2] tasks
-- KEYS[3] crashes
-- ARGV[1] 'list' or 'zset'  ARGV[2] most ids to delete
-- Returns: how many were deleted.
local bad = wrong_type(ARGV[1] == 'list' and 'list' or 'zset', 'hash', 'hash')
if bad then return redis.error_reply(bad) end
local n = tonumber(ARGV[2])
local ids
if ARGV[1] == 'list' then
  ids = redis.call('LRANGE', KEYS[1], 0, n - 1)
  if #ids > 0 then redis.call('LTRIM', KEYS[1], #ids, -1) end
else
  ids = redis.call('ZRANGE', KEYS[1], 0, n - 1)
  if #ids > 0 then redis.call('ZREM', KEYS[1], unpack(ids)) end
end
if #ids > 0 then
  redis.call('HDEL', KEYS[2], unpack(ids))
  redis.call('HDEL', KEYS[3], unpack(ids))
end
return #ids

-- workflow_create: stores a new chain or group record, unless one of its id exists.
-- KEYS[1] the workflow's HASH (its id is the hash tag: a slot of its own)
-- ARGV[1] ttl ms (the record is kept this long after its last change)
-- ARGV[2..] pairs: field, value
-- Returns: 1 created, 0 a workflow of this id exists (unchanged).
local bad = wrong_type('hash')
if bad then return redis.error_reply(bad) end
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
for i = 2, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
end
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[1]))
return 1

-- dead_delete: deletes dead tasks with their payloads and crash counts.
-- KEYS[1] dead  KEYS[2] tasks  KEYS[3] crashes  KEYS[4] priority
-- ARGV[1..] ids (at most 1000)
-- Returns: how many were in the DLQ.
local bad = wrong_type('zset', 'hash', 'hash', 'hash')
if bad then return redis.error_reply(bad) end
local n = 0
for i = 1, #ARGV do
  if redis.call('ZREM', KEYS[1], ARGV[i]) == 1 then
    redis.call('HDEL', KEYS[2], ARGV[i])
    redis.call('HDEL', KEYS[3], ARGV[i])
    redis.call('HDEL', KEYS[4], ARGV[i])
    n = n + 1
  end
end
return n

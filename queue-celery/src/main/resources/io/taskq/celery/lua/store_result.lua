-- store_result: stores a task's result meta the way Celery's Redis backend does (SET with a TTL
-- and PUBLISH of the same text on the channel named like the key), in one atomic step, so a
-- client already waiting in AsyncResult.get() is woken and a later GET finds it.
-- KEYS[1] celery-task-meta-<task id> (STRING; its name is also the pub/sub channel)
-- ARGV[1] the meta JSON
-- ARGV[2] TTL in seconds (0 = no TTL, as Celery with result_expires None)
-- Returns: the number of clients that received the PUBLISH.
local t = redis.call('TYPE', KEYS[1])['ok']
if t ~= 'none' and t ~= 'string' then
  return redis.error_reply('WRONGTYPE key ' .. KEYS[1] .. ' holds a ' .. t .. ', not a string')
end
local ttl = tonumber(ARGV[2])
if ttl > 0 then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ttl)
else
  redis.call('SET', KEYS[1], ARGV[1])
end
return redis.call('PUBLISH', KEYS[1], ARGV[1])

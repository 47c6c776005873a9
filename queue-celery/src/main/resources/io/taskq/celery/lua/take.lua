-- take: moves up to ARGV[1] messages of one Celery queue from Celery's lists into taskq's inbox,
-- in one atomic step, so that a message is always in exactly one of them (the worker then stores
-- each as a taskq task and removes it from the inbox; see docs/celery.md).
-- KEYS[1..4] Celery's lists of the queue in pop order: q, q\x06\x163, q\x06\x166, q\x06\x169
--            (kombu's priority steps 0, 3, 6, 9; producers LPUSH, so RPOP is FIFO)
-- KEYS[5]    taskq:{q}:celery:inbox (ZSET raw message -> ms of Redis time it was taken)
-- ARGV[1]    most messages to take (>= 1)
-- Returns: a flat array step, message, step, message, ... (step: 0, 3, 6 or 9), oldest first.
-- Celery's keys carry no hash tag: on a Redis Cluster this script is cross-slot (not supported).
local want = {'list', 'list', 'list', 'list', 'zset'}
for i = 1, 5 do
  local t = redis.call('TYPE', KEYS[i])['ok']
  if t ~= 'none' and t ~= want[i] then
    return redis.error_reply('WRONGTYPE key ' .. KEYS[i] .. ' holds a ' .. t .. ', not a '
      .. want[i])
  end
end
local steps = {0, 3, 6, 9}
local limit = tonumber(ARGV[1])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local out = {}
local taken = 0
for i = 1, 4 do
  while taken < limit do
    local msg = redis.call('RPOP', KEYS[i])
    if not msg then break end
    redis.call('ZADD', KEYS[5], now, msg)
    out[#out + 1] = steps[i]
    out[#out + 1] = msg
    taken = taken + 1
  end
end
return out

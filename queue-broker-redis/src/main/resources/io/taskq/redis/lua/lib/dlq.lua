-- dlq: prepended to every script (see Script.java). Trims a dead-letter queue.
-- Arguments: the dead ZSET key, the tasks HASH key, the crashes HASH key, now (ms), max size,
-- max age (ms), and the priority HASH key (nil = none).
-- Drops at most 1000 tasks per call, payloads and crash counts included: older than max age
-- first, then the oldest over max size.
local function trim_dead(dead_key, tasks_key, crashes_key, now, max_size, max_age, priority_key)
  local old = redis.call('ZRANGEBYSCORE', dead_key, '-inf', '(' .. (now - max_age), 'LIMIT', 0, 1000)
  local excess = redis.call('ZCARD', dead_key) - #old - max_size
  if excess > 0 then
    local oldest = redis.call('ZRANGE', dead_key, #old, #old + math.min(excess, 1000) - 1)
    for _, x in ipairs(oldest) do old[#old + 1] = x end
  end
  for _, x in ipairs(old) do
    redis.call('ZREM', dead_key, x)
    redis.call('HDEL', tasks_key, x)
    redis.call('HDEL', crashes_key, x)
    if priority_key then redis.call('HDEL', priority_key, x) end
  end
end

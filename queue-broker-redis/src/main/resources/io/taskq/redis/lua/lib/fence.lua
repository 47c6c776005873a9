-- fence: prepended to every script (see Script.java). Claims are fenced by their token: only the
-- holder of a claim may end it.
-- holds: is the claim still held? Arguments: the active ZSET key, the lease HASH key, the task
-- id, the claim's token. Returns: true when the lease field's token matches and the task is
-- active, false otherwise.
local function holds(active_key, lease_key, id, token)
  local v = redis.call('HGET', lease_key, id)
  if not v or string.match(v, '^([^|]*)|') ~= token then return false end
  return redis.call('ZSCORE', active_key, id) ~= false
end
-- release: ends a held claim, removing the task from active and its lease field.
-- Returns: true when the claim was held (and is ended now), false when not (nothing changed).
local function release(active_key, lease_key, id, token)
  if not holds(active_key, lease_key, id, token) then return false end
  redis.call('ZREM', active_key, id)
  redis.call('HDEL', lease_key, id)
  return true
end
-- fail_claim: ends a held claim as a failed attempt: the task's new envelope is stored and the queue's
-- 'failed' counter counted; the caller then files the task (retry or dead).
-- Returns: true when the claim was held, false when not (nothing changed).
local function fail_claim(tasks_key, active_key, lease_key, stats_key, id, token, envelope)
  if not release(active_key, lease_key, id, token) then return false end
  redis.call('HSET', tasks_key, id, envelope)
  redis.call('HINCRBY', stats_key, 'failed', 1)
  return true
end

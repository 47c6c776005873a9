-- find: where one task is, with its envelope, score, lease and crash count.
-- KEYS[1] tasks  KEYS[2] active  KEYS[3] lease  KEYS[4] scheduled  KEYS[5] retry  KEYS[6] dead
-- KEYS[7] pending  KEYS[8] crashes  KEYS[9] results  KEYS[10] results:exp  KEYS[11] records
-- KEYS[12] prioritized
-- ARGV[1] now override ('' = Redis TIME)  ARGV[2] id
-- Returns: {state, envelope|nil, score|nil, lease|nil, crashes} or {} when the task is nowhere;
-- a task in the DLQ adds {record|nil}; a finished task known by its kept record (no longer in
-- any live state) is {state of the record (SUCCEEDED when only a result is kept), nil, nil, nil,
-- 0, record|nil, result|nil}.
-- Pending is found with LPOS (linear in the queue length; a lookup, not a hot path) and ZSCORE,
-- after a finished task without an envelope is answered from its record.
local now = redis_now(ARGV[1])
local id = ARGV[2]
local env = redis.call('HGET', KEYS[1], id)
local crashes = tonumber(redis.call('HGET', KEYS[8], id) or '0')
local score = redis.call('ZSCORE', KEYS[2], id)
if score then return {'ACTIVE', env, score, redis.call('HGET', KEYS[3], id), crashes} end
local states = {{'SCHEDULED', KEYS[4]}, {'RETRY', KEYS[5]}, {'DEAD', KEYS[6]}}
local exp = redis.call('ZSCORE', KEYS[10], id)
local kept = exp and tonumber(exp) > now
for _, s in ipairs(states) do
  score = redis.call('ZSCORE', s[2], id)
  if score then
    if s[1] == 'DEAD' and kept then
      return {s[1], env, score, false, crashes, redis.call('HGET', KEYS[11], id)}
    end
    return {s[1], env, score, false, crashes}
  end
end
-- a finished task has no envelope: its record answers without the linear LPOS (a waiter woken
-- by a notice reads this; a busy queue's pending list may be long)
if kept and not env then
  local record = redis.call('HGET', KEYS[11], id)
  local state = record and string.match(record, '^([A-Z]+)|') or 'SUCCEEDED'
  return {state, false, false, false, 0, record, redis.call('HGET', KEYS[9], id)}
end
if pending_has(KEYS[7], KEYS[12], id) > 0 then return {'PENDING', env, false, false, crashes} end
if kept then
  local record = redis.call('HGET', KEYS[11], id)
  local state = record and string.match(record, '^([A-Z]+)|') or 'SUCCEEDED'
  return {state, false, false, false, 0, record, redis.call('HGET', KEYS[9], id)}
end
return {}

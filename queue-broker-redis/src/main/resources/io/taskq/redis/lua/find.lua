-- find: where one task is, with its envelope, score, lease and crash count.
-- KEYS[1] tasks  KEYS[2] active  KEYS[3] lease  KEYS[4] scheduled  KEYS[5] retry  KEYS[6] dead
-- KEYS[7] pending  KEYS[8] crashes  KEYS[9] results  KEYS[10] results:exp  KEYS[11] records
-- KEYS[12] prioritized
-- ARGV[1] now override ('' = Redis TIME)  ARGV[2] id
-- Returns: {state, envelope|nil, score|nil, lease|nil, crashes} or {} when the task is nowhere;
-- a finished task adds {record|nil, result|nil}; its state is the record's (SUCCEEDED without one).
-- Pending is found with LPOS (linear in the queue length; a lookup, not a hot path) and ZSCORE.
local now = redis_now(ARGV[1])
local id = ARGV[2]
local env = redis.call('HGET', KEYS[1], id)
local crashes = tonumber(redis.call('HGET', KEYS[8], id) or '0')
local score = redis.call('ZSCORE', KEYS[2], id)
if score then return {'ACTIVE', env, score, redis.call('HGET', KEYS[3], id), crashes} end
local states = {{'SCHEDULED', KEYS[4]}, {'RETRY', KEYS[5]}, {'DEAD', KEYS[6]}}
for _, s in ipairs(states) do
  score = redis.call('ZSCORE', s[2], id)
  if score then return {s[1], env, score, false, crashes} end
end
if pending_has(KEYS[7], KEYS[12], id) > 0 then return {'PENDING', env, false, false, crashes} end
local exp = redis.call('ZSCORE', KEYS[10], id)
if exp and tonumber(exp) > now then
  local rec = redis.call('HGET', KEYS[11], id)
  local state = rec and string.match(rec, '^([^|]*)') or 'SUCCEEDED'
  return {state, false, false, false, 0, rec, redis.call('HGET', KEYS[9], id)}
end
return {}

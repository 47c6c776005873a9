-- workflow_settle: records the final state of one member of a chain or group, once per member:
-- a repeated call (a follow-up handled again after a worker died) changes nothing and gets the
-- same answer, so whatever it asks to submit is submitted by fixed ids, idempotently.
-- A chain succeeds with its last member and fails with its first failed one; a group succeeds
-- when every member succeeded (done counts each member once: r:<index> is set only once) and
-- fails with its first failed member.
-- KEYS[1] the workflow's HASH
-- ARGV[1] now override ('' = Redis TIME)  ARGV[2] ttl ms  ARGV[3] member index (0-based)
-- ARGV[4] the member's final state (SUCCEEDED, DEAD, REVOKED, EXPIRED)
-- ARGV[5] its result JSON when it succeeded ('' = none: stored as null)
-- ARGV[6] its state and error as JSON when it did not succeed
-- Returns: {} (gone or nothing to submit), {'body', body spec, results in member order...} once
-- a group with a body has every result, {'errback', errback spec} once a group with an errback
-- has a failed member.
local bad = wrong_type('hash')
if bad then return redis.error_reply(bad) end
local wf = KEYS[1]
if redis.call('EXISTS', wf) == 0 then return {} end
local now = redis_now(ARGV[1])
local index, state = tonumber(ARGV[3]), ARGV[4]
local size = tonumber(redis.call('HGET', wf, 'size'))
local kind = redis.call('HGET', wf, 'kind')
local final = redis.call('HGET', wf, 'state')
redis.call('PEXPIRE', wf, tonumber(ARGV[2]))
if state == 'SUCCEEDED' then
  local result = ARGV[5] ~= '' and ARGV[5] or 'null'
  if redis.call('HSETNX', wf, 'r:' .. index, result) == 1 then
    redis.call('HINCRBY', wf, 'done', 1)
  end
  local done = tonumber(redis.call('HGET', wf, 'done'))
  local complete = (kind == 'chain' and index == size - 1) or (kind == 'group' and done == size)
  if not complete or final == 'FAILED' then return {} end
  if not final then
    redis.call('HSET', wf, 'state', 'SUCCEEDED', 'finishedAt', now)
  end
  local body = redis.call('HGET', wf, 'body')
  if kind ~= 'group' or not body then return {} end
  local out = {'body', body}
  for i = 0, size - 1 do out[#out + 1] = redis.call('HGET', wf, 'r:' .. i) end
  return out
end
if not final then
  redis.call('HSET', wf, 'state', 'FAILED', 'failed', index, 'error', ARGV[6], 'finishedAt', now)
elseif final == 'SUCCEEDED' then
  return {}
end
local errback = redis.call('HGET', wf, 'errback')
if kind == 'group' and errback then return {'errback', errback} end
return {}

-- claim: prepended to every script (see Script.java). Moves pending tasks to active under a
-- lease, within the queue's limits (claim.lua, ack_claim.lua).
-- claim_tasks(k, now, c): c: max, lease_ms, worker (id), prefix (the token prefix, fresh per
-- call: the i-th claimed task gets prefix..':'..i), permits (rate limit per period, 0 = none),
-- period (ms), burst, max_active (0 = none).
-- k: the queue's keys by name: pending, active, lease, tasks, crashes, paused, marker,
-- prioritized, revoked, rate.
-- Returns: the reply of claim.lua: {now, limit, k, k dropped ids..., id, envelope, crashes,
-- revoked, ...}; {now, -1, 0} when paused, empty or max is 0 (see claim.lua's header).
local function claim_tasks(k, now, c)
  if c.max < 1 or redis.call('EXISTS', k.paused) == 1 then return {now, -1, 0} end
  local allowed, tokens, bind = claim_gate(k.rate, k.active, now, c.max, c.permits, c.period,
    c.burst, c.max_active)
  local ids = allowed > 0 and pop_pending(k.pending, k.prioritized, allowed) or {}
  if #ids == 0 and pending_len(k.pending, k.prioritized) == 0 then return {now, -1, 0} end
  local out, dropped = {}, {}
  local any_revoked = redis.call('EXISTS', k.revoked) == 1
  local deadline = now + c.lease_ms
  local n = 0
  for _, id in ipairs(ids) do
    local env = redis.call('HGET', k.tasks, id)
    if env and not redis.call('ZSCORE', k.active, id) then
      n = n + 1
      redis.call('ZADD', k.active, deadline, id)
      redis.call('HSET', k.lease, id, c.prefix .. ':' .. n .. '|' .. c.worker .. '|' .. now .. '|')
      out[#out + 1] = id
      out[#out + 1] = env
      out[#out + 1] = tonumber(redis.call('HGET', k.crashes, id) or '0')
      out[#out + 1] = (any_revoked and redis.call('ZSCORE', k.revoked, id)) and 1 or 0
    else
      dropped[#dropped + 1] = id
    end
  end
  local more = pending_len(k.pending, k.prioritized) > 0
  local limit = claim_settle(k.rate, k.active, now, n, tokens, bind, more, c.permits, c.period,
    c.max_active)
  if more and (limit < 0 or (limit > 0 and n > 0)) then wake(k.marker, now, 'p') end
  local head = {now, limit, #dropped}
  for _, id in ipairs(dropped) do head[#head + 1] = id end
  for _, x in ipairs(out) do head[#head + 1] = x end
  return head
end

-- claim_args(first): the claim arguments of claim_tasks, read from ARGV[first] to
-- ARGV[first + 7] in the order of claim.lua's header (max, lease ms, worker id, token prefix,
-- permits, period ms, burst, max active).
local function claim_args(first)
  return {max = tonumber(ARGV[first]), lease_ms = tonumber(ARGV[first + 1]),
    worker = ARGV[first + 2], prefix = ARGV[first + 3], permits = tonumber(ARGV[first + 4]),
    period = tonumber(ARGV[first + 5]), burst = tonumber(ARGV[first + 6]),
    max_active = tonumber(ARGV[first + 7])}
end

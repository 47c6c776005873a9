-- rate: prepended to every script (see Script.java). A queue's claim limits, shared by every
-- worker: a token bucket for its rate limit and a cap on its active tasks (maxActive). The limits
-- come with each claim; the bucket lives in the queue's rate HASH: tokens (fractional) and ts
-- (ms of the refill they were counted at); no hash = a full bucket. Its field full is set while
-- the queue is at its cap with tasks pending, so the next freed slot wakes a waiting worker.
-- claim_gate: how many tasks a claim may take: min(wanted, whole tokens, max active - active).
-- Arguments: the rate HASH key, the active ZSET key, now, wanted, permits per period (0 = no
-- rate limit), period ms, burst, max active (0 = none).
-- Returns: allowed, the tokens now (nil without a rate limit), what binds ('' nothing, 'r' the
-- rate limit, 'a' max active). Writes nothing.
local function claim_gate(rate_key, active_key, now, want, permits, period, burst, max_active)
  local bind = ''
  if max_active > 0 then
    local free = math.max(0, max_active - redis.call('ZCARD', active_key))
    if free < want then want, bind = free, 'a' end
  end
  local tokens = nil
  if permits > 0 then
    local b = redis.call('HMGET', rate_key, 'tokens', 'ts')
    tokens = burst
    if b[1] and b[2] then
      local refill = math.max(0, now - tonumber(b[2])) * permits / period
      tokens = math.min(burst, tonumber(b[1]) + refill)
    end
    local whole = math.floor(tokens + 1e-9) -- 0.9999999999 (sums of refills) is a whole token
    if whole < want then want, bind = whole, 'r' end
  end
  return want, tokens, bind
end
-- claim_settle: after a claim took n tasks: spends n tokens, flags the queue full when it is at
-- its cap with tasks pending (pcall: at maxmemory a claim that took nothing may not write; then
-- a waiter falls back on its idle wait).
-- Arguments: the rate HASH key, the active ZSET key, now, n, tokens and bind from claim_gate,
-- whether tasks remain pending, permits per period, period ms, max active.
-- Returns: the claim's limit reply: -1 not held back, 0 held back by max active (a freed slot
-- signals), or ms until the next token when held back by the rate limit.
local function claim_settle(rate_key, active_key, now, n, tokens, bind, more, permits, period,
    max_active)
  if tokens and n > 0 then
    tokens = math.max(0, tokens - n)
    redis.call('HSET', rate_key, 'tokens', string.format('%.17g', tokens), 'ts', now)
  end
  local full = more and max_active > 0 and redis.call('ZCARD', active_key) >= max_active
  if full then redis.pcall('HSET', rate_key, 'full', '1') end
  if not more or bind == '' then return -1 end
  if bind == 'a' then return full and 0 or -1 end -- not full: ids were dropped, slots are left
  return math.max(1, math.ceil((1 - tokens) * period / permits))
end
-- slot_freed: a claim of the queue ended (ack, dead letter): when the queue was flagged full,
-- signals the marker so a worker held back by max active claims again.
local function slot_freed(rate_key, marker_key, now)
  if redis.call('HDEL', rate_key, 'full') == 1 then wake(marker_key, now, 'p') end
end

-- pending: prepended to every script (see Script.java). The only code that knows how a queue's
-- pending key is stored; every script reaches pending through these functions.
-- While no task of a priority above 0 is pending, pending is a LIST: RPUSH at the tail, LPUSH at
-- the head, LPOP to claim (a queue without priorities never leaves this form). The first pending
-- task of a higher priority turns it into a ZSET (its ids keep their order, as priority 0) whose
-- score bands order the ids: priority p owns [b * BAND, (b + 1) * BAND) with b = 9 - p; the first
-- id of an empty band is scored at its middle, the tail gets the band's last score + 1 and the
-- head its first - 1. Claims take the lowest scores: the highest priority first, FIFO within
-- one. Redis deletes an emptied ZSET, so pending is a LIST again from its next priority-0 task.
-- The priority of an id (1 to 9) lives in the queue's priority HASH while the task lives (no
-- field = 0): a task goes back to its own band on retry, crash recovery, requeue and replay. A
-- script that deletes a task's payload (HDEL tasks id) deletes its priority field too.
local PENDING_BAND = 562949953421312 -- 2^49: ten bands stay below 2^53, where doubles are exact
-- The pending key's type in this call ('list' | 'zset' | 'none') is kept in key_types
-- (lib/check_types.lua), so a script that checked it asks Redis no more: a claim on a queue
-- without priorities costs what it did before priorities (one LPOP).
local pending_kinds = key_types

-- a score as an exact integer text (Lua's tostring keeps 14 digits only)
local function pending_fmt(x)
  return string.format('%.0f', x)
end

local function pending_kind(key)
  local kind = pending_kinds[key]
  if not kind then
    kind = redis.call('TYPE', key)['ok']
    pending_kinds[key] = kind
  end
  return kind
end

-- band edges met in this call (key .. band .. 'h'|'t' -> score), so a batch of pushes into one
-- band reads its edge once: every later push of the call moves it by one
local pending_edges = {}

-- the score of a new id at the head or tail of band b
local function pending_score(key, band, head)
  local slot = key .. '#' .. band .. (head and 'h' or 't')
  local known = pending_edges[slot]
  if known then
    known = known + (head and -1 or 1)
    pending_edges[slot] = known
    return known
  end
  local lo, hi = band * PENDING_BAND, (band + 1) * PENDING_BAND
  local edge
  if head then
    edge = redis.call('ZRANGEBYSCORE', key, pending_fmt(lo), '(' .. pending_fmt(hi),
      'WITHSCORES', 'LIMIT', 0, 1)
  else
    edge = redis.call('ZREVRANGEBYSCORE', key, '(' .. pending_fmt(hi), pending_fmt(lo),
      'WITHSCORES', 'LIMIT', 0, 1)
  end
  local score
  if #edge == 0 then
    -- an empty band: both edges start at its middle
    score = lo + PENDING_BAND / 2
    pending_edges[key .. '#' .. band .. (head and 't' or 'h')] = score
  else
    score = tonumber(edge[2]) + (head and -1 or 1)
  end
  pending_edges[slot] = score
  return score
end

-- LIST -> ZSET, every id as priority 0 in its order (a LIST holds priority-0 ids only)
local function pending_to_zset(key)
  local ids = redis.call('LRANGE', key, 0, -1)
  redis.call('DEL', key)
  local base = 9 * PENDING_BAND + PENDING_BAND / 2
  for i = 1, #ids, 1000 do
    local args = {}
    for j = i, math.min(i + 999, #ids) do
      args[#args + 1] = pending_fmt(base + j - 1)
      args[#args + 1] = ids[j]
    end
    redis.call('ZADD', key, unpack(args))
  end
  pending_kinds[key] = 'zset'
end

-- push_pending(key, priority_key, id, head, priority): adds id at the tail (head = false) or the
-- head (head = true) of its priority; priority nil = read from the priority HASH.
local function push_pending(key, priority_key, id, head, priority)
  priority = priority or tonumber(redis.call('HGET', priority_key, id) or '0')
  local kind = pending_kind(key)
  if kind ~= 'zset' and priority == 0 then
    redis.call(head and 'LPUSH' or 'RPUSH', key, id)
    pending_kinds[key] = 'list'
    return
  end
  if kind == 'list' then pending_to_zset(key) end
  redis.call('ZADD', key, pending_fmt(pending_score(key, 9 - priority, head)), id)
  pending_kinds[key] = 'zset'
end

-- pop_pending(key, n): removes and returns up to n ids from the head (highest priority first).
local function pop_pending(key, n)
  -- the kind stays known: an emptied key reads as none, and LLEN/ZCARD of none are 0
  if pending_kind(key) == 'zset' then
    -- cheaper than ZPOPMIN, whose reply formats every score
    local ids = redis.call('ZRANGE', key, 0, n - 1)
    if #ids > 0 then redis.call('ZREMRANGEBYRANK', key, 0, #ids - 1) end
    return ids
  end
  return redis.call('LPOP', key, n) or {}
end

-- pending_len(key): how many ids are pending.
local function pending_len(key)
  if pending_kind(key) == 'zset' then return redis.call('ZCARD', key) end
  return redis.call('LLEN', key)
end

-- pending_has(key, id): how many times id is pending (a LIST may hold copies; 0 = not pending).
local function pending_has(key, id)
  if pending_kind(key) == 'zset' then
    return redis.call('ZSCORE', key, id) and 1 or 0
  end
  return #redis.call('LPOS', key, id, 'COUNT', 0)
end

-- remove_pending(key, id, keep): removes the copies of id beyond the first keep (0 = all; the
-- head one stays). Returns how many were removed.
local function remove_pending(key, id, keep)
  keep = keep or 0
  if pending_kind(key) == 'zset' then
    if keep > 0 then return 0 end
    return redis.call('ZREM', key, id)
  end
  local count = #redis.call('LPOS', key, id, 'COUNT', 0)
  if count <= keep then return 0 end
  return redis.call('LREM', key, keep - count, id) -- negative: from the tail
end

-- pending_range(key, start, stop): ids by position in claim order (LRANGE-like indexes).
local function pending_range(key, start, stop)
  if pending_kind(key) == 'zset' then return redis.call('ZRANGE', key, start, stop) end
  return redis.call('LRANGE', key, start, stop)
end

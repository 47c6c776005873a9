-- pending: prepended to every script (see Script.java). The only code that reads or writes a
-- queue's pending tasks; every script reaches them through these functions, which take the
-- queue's two pending keys:
--   list: pending, the LIST of priority-0 ids (RPUSH at the tail, LPUSH at the head, LPOP);
--   zset: prioritized, a ZSET of the ids of priorities 1 to 9, ordered by score bands: priority p
--         owns [b * BAND, (b + 1) * BAND) with b = 9 - p; the first id of an empty band is scored
--         at its middle, the tail gets the band's last score + 1 and the head its first - 1.
-- A claim takes the lowest scores of the ZSET first, then the head of the LIST: the highest
-- priority first, FIFO within one. A queue without priorities only ever fills the LIST; nothing
-- is ever converted from one form to the other.
-- The priority of an id (1 to 9) lives in the queue's priority HASH while the task lives (no
-- field = 0), so a task goes back to its own priority on retry, crash recovery, requeue and
-- replay. A script that deletes a task's payload (HDEL tasks id) deletes its priority field too.
local PENDING_BAND = 562949953421312 -- 2^49: ten bands stay below 2^53, where doubles are exact

-- a score as an exact integer text (Lua's tostring keeps 14 digits only)
local function pending_fmt(x)
  return string.format('%.0f', x)
end

-- whether the ZSET may hold ids. Its type is read once per call, from what wrong_type read
-- (key_types, lib/check_types.lua) when the script checked it: on a queue without priorities
-- that TYPE is the only command a claim sends for the ZSET.
local function pending_zset(zset)
  local kind = key_types[zset]
  if not kind then
    kind = redis.call('TYPE', zset)['ok']
    key_types[zset] = kind
  end
  return kind ~= 'none'
end

-- band edges met in this call (key#band h|t -> score): a batch of pushes into one band reads its
-- edge once, and every later push of the call moves it by one
local pending_edges = {}

-- the score of a new id at the head or tail of band b
local function pending_score(zset, band, head)
  local slot = zset .. '#' .. band .. (head and 'h' or 't')
  local known = pending_edges[slot]
  if known then
    known = known + (head and -1 or 1)
    pending_edges[slot] = known
    return known
  end
  local lo, hi = band * PENDING_BAND, (band + 1) * PENDING_BAND
  local edge = {}
  if pending_zset(zset) then
    if head then
      edge = redis.call('ZRANGEBYSCORE', zset, pending_fmt(lo), '(' .. pending_fmt(hi),
        'WITHSCORES', 'LIMIT', 0, 1)
    else
      edge = redis.call('ZREVRANGEBYSCORE', zset, '(' .. pending_fmt(hi), pending_fmt(lo),
        'WITHSCORES', 'LIMIT', 0, 1)
    end
  end
  local score
  if #edge == 0 then
    -- an empty band: both edges start at its middle
    score = lo + PENDING_BAND / 2
    pending_edges[zset .. '#' .. band .. (head and 't' or 'h')] = score
  else
    score = tonumber(edge[2]) + (head and -1 or 1)
  end
  pending_edges[slot] = score
  return score
end

-- push_pending(list, zset, priority_key, id, head, priority): adds id at the tail (head =
-- false) or the head (head = true) of its priority; priority nil = read from the priority HASH.
local function push_pending(list, zset, priority_key, id, head, priority)
  priority = priority or tonumber(redis.call('HGET', priority_key, id) or '0')
  if priority == 0 then
    redis.call(head and 'LPUSH' or 'RPUSH', list, id)
    return
  end
  redis.call('ZADD', zset, pending_fmt(pending_score(zset, 9 - priority, head)), id)
  key_types[zset] = 'zset'
end

-- pop_pending(list, zset, n): removes and returns up to n ids, the highest priority first.
local function pop_pending(list, zset, n)
  local ids = {}
  if pending_zset(zset) then
    -- cheaper than ZPOPMIN, whose reply formats every score
    ids = redis.call('ZRANGE', zset, 0, n - 1)
    if #ids > 0 then redis.call('ZREMRANGEBYRANK', zset, 0, #ids - 1) end
    if #ids == n then return ids end
  end
  local rest = redis.call('LPOP', list, n - #ids)
  if rest then
    for _, id in ipairs(rest) do ids[#ids + 1] = id end
  end
  return ids
end

-- pending_len(list, zset): how many ids are pending.
local function pending_len(list, zset)
  local n = redis.call('LLEN', list)
  if pending_zset(zset) then n = n + redis.call('ZCARD', zset) end
  return n
end

-- pending_has(list, zset, id): how many times id is pending (the LIST may hold copies).
local function pending_has(list, zset, id)
  local n = #redis.call('LPOS', list, id, 'COUNT', 0)
  if pending_zset(zset) and redis.call('ZSCORE', zset, id) then n = n + 1 end
  return n
end

-- remove_pending(list, zset, id, keep): removes the copies of id beyond the first keep in claim
-- order (0 = all of them). Returns how many were removed.
local function remove_pending(list, zset, id, keep)
  local in_zset = pending_zset(zset) and redis.call('ZSCORE', zset, id) ~= false
  local removed = 0
  if in_zset and keep == 0 then
    removed = redis.call('ZREM', zset, id)
  elseif in_zset then
    keep = keep - 1 -- the ZSET copy is claimed first: it is the one kept
  end
  local count = #redis.call('LPOS', list, id, 'COUNT', 0)
  if count > keep then
    removed = removed + redis.call('LREM', list, keep - count, id) -- negative: from the tail
  end
  return removed
end

-- pending_range(list, zset, first, last): pending ids by position in claim order, from first
-- (>= 0) to last (-1 = the end).
local function pending_range(list, zset, first, last)
  local ids = {}
  local z = 0
  if pending_zset(zset) then
    z = redis.call('ZCARD', zset)
    if first < z then ids = redis.call('ZRANGE', zset, first, last < 0 and -1 or last) end
  end
  if last >= 0 and last < z then return ids end
  local rest = redis.call('LRANGE', list, math.max(first - z, 0), last < 0 and -1 or last - z)
  for _, id in ipairs(rest) do ids[#ids + 1] = id end
  return ids
end

-- pending_heads(list, zset): the first id of each priority that has pending ids, highest first
-- (the oldest of each: FIFO within a priority).
local function pending_heads(list, zset)
  local heads = {}
  if pending_zset(zset) then
    for band = 0, 8 do
      local first = redis.call('ZRANGEBYSCORE', zset, pending_fmt(band * PENDING_BAND),
        '(' .. pending_fmt((band + 1) * PENDING_BAND), 'LIMIT', 0, 1)
      if #first > 0 then heads[#heads + 1] = first[1] end
    end
  end
  local head = redis.call('LINDEX', list, 0)
  if head then heads[#heads + 1] = head end
  return heads
end

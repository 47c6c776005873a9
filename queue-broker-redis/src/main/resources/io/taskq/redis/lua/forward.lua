-- forward: moves scheduled and retry tasks whose due time has come to the tail of pending.
-- KEYS[1] scheduled  KEYS[2] retry  KEYS[3] pending  KEYS[4] marker  KEYS[5] priority
-- KEYS[6] prioritized
-- ARGV[1] now override ('' = Redis TIME)  ARGV[2] limit
-- Returns: {moved, next due ms of what remains (-1 when nothing is delayed), now}
-- Each task goes to the tail of its own priority.
-- nothing delayed (an idle queue): nothing to move or write, so no key needs its type checked
if redis.call('EXISTS', KEYS[1], KEYS[2]) == 0 then return {0, -1, redis_now(ARGV[1])} end
local bad = wrong_type('zset', 'zset', 'list', 'zset', 'hash', 'zset')
if bad then return redis.error_reply(bad) end
local now = redis_now(ARGV[1])
local MAX_MS = 253402300800000 -- year 10000
local left = tonumber(ARGV[2])
local moved = 0
local nextDue = -1
for k = 1, 2 do
  if left > 0 then
    local ids = redis.call('ZRANGEBYSCORE', KEYS[k], '-inf', now, 'LIMIT', 0, left)
    for _, id in ipairs(ids) do
      redis.call('ZREM', KEYS[k], id)
      push_pending(KEYS[3], KEYS[6], KEYS[5], id, false)
    end
    moved = moved + #ids
    left = left - #ids
  end
  local first = redis.call('ZRANGE', KEYS[k], 0, 0, 'WITHSCORES')
  -- a score beyond any real time (+inf, 1e300: garbage, never due; taskq fsck repairs it) does
  -- not count: a Lua number that large has no integer reply
  local due = first[2] and tonumber(first[2])
  if due and due < MAX_MS and (nextDue < 0 or due < nextDue) then nextDue = due end
end
if moved > 0 then wake(KEYS[4], now, 'p') end
return {moved, nextDue, now}

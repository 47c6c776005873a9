-- forward: moves scheduled and retry tasks whose due time has come to the tail of pending.
-- KEYS[1] scheduled  KEYS[2] retry  KEYS[3] pending  KEYS[4] marker
-- ARGV[1] now override ('' = Redis TIME)  ARGV[2] limit
-- Returns: {moved, next due ms of what remains (-1 when nothing is delayed), now}
local now = tonumber(ARGV[1])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local left = tonumber(ARGV[2])
local moved = 0
local nextDue = -1
for k = 1, 2 do
  if left > 0 then
    local ids = redis.call('ZRANGEBYSCORE', KEYS[k], '-inf', now, 'LIMIT', 0, left)
    for _, id in ipairs(ids) do
      redis.call('ZREM', KEYS[k], id)
      redis.call('RPUSH', KEYS[3], id)
    end
    moved = moved + #ids
    left = left - #ids
  end
  local first = redis.call('ZRANGE', KEYS[k], 0, 0, 'WITHSCORES')
  if first[2] then
    local due = tonumber(first[2])
    if nextDue < 0 or due < nextDue then nextDue = due end
  end
end
if moved > 0 then redis.call('ZADD', KEYS[4], now, 'p') end
return {moved, nextDue, now}

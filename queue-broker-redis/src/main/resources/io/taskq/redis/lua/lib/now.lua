-- now: prepended to every script (see Script.java).
-- Arguments: the script's "now override" argument (ms as text; '' or not a number = none).
-- Returns: that time, or Redis TIME in ms, so every script follows the same clock.
local function redis_now(override)
  local now = tonumber(override)
  if now then return now end
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

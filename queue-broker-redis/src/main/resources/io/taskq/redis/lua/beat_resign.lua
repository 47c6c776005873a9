-- beat_resign: releases the beat leader lease if ARGV[1] holds it (clean stop).
-- KEYS[1] leader key
-- ARGV[1] holder
-- Returns: 1 released, 0 not the holder.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0

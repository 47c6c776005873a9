-- pending_ids: pending ids by position, in the order they would be claimed.
-- KEYS[1] pending  KEYS[2] prioritized
-- ARGV[1] first position (0-based)  ARGV[2] last position (-1 = the end)
-- Returns: the ids.
return pending_range(KEYS[1], KEYS[2], tonumber(ARGV[1]), tonumber(ARGV[2]))

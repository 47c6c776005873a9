-- pending_ids: pending ids by position, in the order they would be claimed; or the first id of
-- each priority.
-- KEYS[1] pending  KEYS[2] prioritized
-- ARGV[1] first position (0-based)  ARGV[2] last position (-1 = the end)
-- ARGV[3] 'heads' = instead, the first id of each priority, highest first ('' = by position)
-- Returns: the ids.
if ARGV[3] == 'heads' then return pending_heads(KEYS[1], KEYS[2]) end
return pending_range(KEYS[1], KEYS[2], tonumber(ARGV[1]), tonumber(ARGV[2]))

-- result: the kept result of a succeeded task, unless it expired.
-- KEYS[1] results  KEYS[2] results:exp
-- ARGV[1] now override ('' = Redis TIME)  ARGV[2] id
-- Returns: the result text, or nil when none is kept.
local now = redis_now(ARGV[1])
local exp = redis.call('ZSCORE', KEYS[2], ARGV[2])
if not exp or tonumber(exp) <= now then return false end
return redis.call('HGET', KEYS[1], ARGV[2])

-- wake: prepended to every script (see Script.java). Tells the queue's idle workers that work may
-- be ready.
-- wake(marker_key, now, member): member 'p' (work is ready) or 's' (the schedule changed: a task
-- was scheduled or a retry set). Adds it to the marker, where a worker that waits with BZPOPMIN
-- pops it, and publishes it on the queue's wake channel (the marker key with 'marker' replaced by
-- 'wake', a shard channel in the queue's own slot) for the workers that wait on one pub/sub
-- connection (SSUBSCRIBE). pcall: an ACL without channel rights silences the notice (such a
-- worker's SSUBSCRIBE is refused too, so it waits on the marker), never the write.
local function wake(marker_key, now, member)
  redis.call('ZADD', marker_key, now, member)
  redis.pcall('SPUBLISH', string.sub(marker_key, 1, -7) .. 'wake', member)
end

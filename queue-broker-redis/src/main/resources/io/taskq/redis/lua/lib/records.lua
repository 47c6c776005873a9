-- records: prepended to every script (see Script.java). Keeps what is known of a finished task
-- and tells waiters it finished.
-- keep_record(results_key, exp_key, records_key, id, record, result, ttl, now):
-- record ('' = none; see RecordField) and result ('' = none) are kept for ttl ms (nothing is kept
-- when ttl <= 0); a result kept from an earlier run of the id is dropped. The id is published on
-- the queue's done channel (the records key with 'records' replaced by 'done') in every case,
-- with pcall: an ACL without channel rights (an older taskq's) silences the notice, never the end
-- of the task.
local function keep_record(results_key, exp_key, records_key, id, record, result, ttl, now)
  if ttl > 0 then
    if result ~= '' then
      redis.call('HSET', results_key, id, result)
    else
      redis.call('HDEL', results_key, id)
    end
    if record ~= '' then redis.call('HSET', records_key, id, record) end
    redis.call('ZADD', exp_key, now + ttl, id)
  end
  redis.pcall('PUBLISH', string.sub(records_key, 1, -8) .. 'done', id)
end
-- trim_records(results_key, exp_key, records_key, now): forgets at most 100 records and results
-- whose time is up (Redis 7.0 has no per-field TTL; the ZSET holds each id's expiry).
local function trim_records(results_key, exp_key, records_key, now)
  local expired = redis.call('ZRANGEBYSCORE', exp_key, '-inf', now, 'LIMIT', 0, 100)
  for _, x in ipairs(expired) do
    redis.call('HDEL', results_key, x)
    redis.call('HDEL', records_key, x)
    redis.call('ZREM', exp_key, x)
  end
end

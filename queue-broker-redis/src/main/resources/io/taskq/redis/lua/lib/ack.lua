-- ack: prepended to every script (see Script.java). Completes claimed tasks (ack.lua,
-- ack_claim.lua).
-- ack_tasks(k, now, first): acks the quintuples of ARGV from index first to the end: id, token,
-- result ('' = none), ttl ms (0 = keep nothing), task record ('' = none; see RecordField). Each
-- held claim ends: the task is removed with its lease, payload, crash count and priority, counted
-- as processed, its record and result kept for the TTL and waiters told (keep_record); then a
-- freed slot wakes a worker held back by max active (slot_freed) and expired records are trimmed.
-- A task with links hands them to the outbox (settle_links); the links HASH is looked at only
-- when it exists, so a queue without workflows pays one EXISTS per call.
-- k: the queue's keys by name: tasks, active, lease, crashes, stats, results, results_exp,
-- records, priority, rate, marker, links, outbox.
-- Returns: the ids whose ack was rejected (claim no longer held); those are unchanged.
local function ack_tasks(k, now, first)
  local rejected = {}
  local done = 0
  local linked = redis.call('EXISTS', k.links) == 1
  for i = first, #ARGV, 5 do
    local id, token = ARGV[i], ARGV[i + 1]
    if release(k.active, k.lease, id, token) then
      redis.call('HDEL', k.tasks, id)
      redis.call('HDEL', k.crashes, id)
      redis.call('HDEL', k.priority, id)
      keep_record(k.results, k.results_exp, k.records, id, ARGV[i + 4], ARGV[i + 2],
        tonumber(ARGV[i + 3]), now)
      if linked then
        settle_links(k.links, k.outbox, id, 'SUCCEEDED', ARGV[i + 2], ARGV[i + 4])
      end
      done = done + 1
    else
      rejected[#rejected + 1] = id
    end
  end
  if done > 0 then
    redis.call('HINCRBY', k.stats, 'processed', done)
    slot_freed(k.rate, k.marker, now)
  end
  trim_records(k.results, k.results_exp, k.records, now)
  return rejected
end

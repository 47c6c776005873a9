-- links: prepended to every script (see Script.java). Hands a finished task's follow-ups (chain
-- step, group membership, success and failure callbacks) to the queue's outbox in the same
-- script that ends the task, so a crash between "done" and "submit what comes next" loses
-- nothing: workers drain the outbox (FollowUps.java) and submit the follow-ups by fixed ids.
-- settle_links(links_key, outbox_key, id, state, result, record): when the task has links
-- (links_key: HASH id -> links JSON written at enqueue), removes them and appends one entry to the
-- outbox LIST: state, id, links, result and record joined by newlines (only the record, last, may
-- hold one: links and results are compact JSON). state is the final state's name
-- (SUCCEEDED, DEAD, REVOKED, EXPIRED), result the result JSON ('' = none), record the task record
-- ('' = none; see RecordField). Each id settles once: its links are gone after the first call.
local function settle_links(links_key, outbox_key, id, state, result, record)
  local links = redis.call('HGET', links_key, id)
  if not links then return end
  redis.call('HDEL', links_key, id)
  redis.call('RPUSH', outbox_key, state .. '\n' .. id .. '\n' .. links .. '\n' .. result .. '\n'
    .. record)
end

-- revoke: revokes tasks of one queue. A pending, scheduled or retrying task ends REVOKED at once
-- (payload and crash count dropped, its record kept, waiters told); an active one is only marked,
-- and its worker told on the queue's control channel (the revoked key with 'revoked' replaced by
-- 'control'): message 'terminate|worker|id|token' or 'revoke|worker|id|token'. Every revoke of a
-- live task is remembered in revoked until keep-until, so the claim, retry and reap scripts never
-- run it again; expired revokes are trimmed here.
-- KEYS[1] tasks  KEYS[2] pending  KEYS[3] scheduled  KEYS[4] retry  KEYS[5] active  KEYS[6] lease
-- KEYS[7] dead  KEYS[8] crashes  KEYS[9] revoked  KEYS[10] stats  KEYS[11] results
-- KEYS[12] results:exp  KEYS[13] records  KEYS[14] priority  KEYS[15] prioritized
-- KEYS[16] links  KEYS[17] outbox
-- ARGV[1] now override ('' = Redis TIME)  ARGV[2] terminate ('1' or '0')  ARGV[3] result ttl ms
-- ARGV[4] keep ms (how long a revoke is remembered)
-- ARGV[5..] pairs: id, REVOKED record (see RecordField)
-- Returns: {id, state before, id, state before, ...} for the ids found (PENDING, SCHEDULED, RETRY:
-- ended now; ACTIVE: marked; DEAD or a final state: unchanged).
local bad = wrong_type('hash', 'list', 'zset', 'zset', 'zset', 'hash', 'zset', 'hash', 'zset',
  'hash', 'hash', 'zset', 'hash', 'hash', 'zset', 'hash', 'list')
if bad then return redis.error_reply(bad) end
local now = redis_now(ARGV[1])
local ttl = tonumber(ARGV[3])
local keep_until = now + tonumber(ARGV[4])
local control = string.sub(KEYS[9], 1, -8) .. 'control'
redis.call('ZREMRANGEBYSCORE', KEYS[9], '-inf', now)
local out = {}
for i = 5, #ARGV, 2 do
  local id, record = ARGV[i], ARGV[i + 1]
  local state
  if redis.call('ZSCORE', KEYS[5], id) then
    state = 'ACTIVE'
    redis.call('ZADD', KEYS[9], keep_until, id)
    local lease = redis.call('HGET', KEYS[6], id)
    if lease then
      local token, worker = string.match(lease, '^([^|]*)|([^|]*)')
      if token then
        local action = ARGV[2] == '1' and 'terminate' or 'revoke'
        -- pcall: without channel rights the revoke is still kept (the task is not retried)
        redis.pcall('PUBLISH', control, action .. '|' .. worker .. '|' .. id .. '|' .. token)
      end
    end
  elseif redis.call('ZREM', KEYS[3], id) == 1 then
    state = 'SCHEDULED'
  elseif redis.call('ZREM', KEYS[4], id) == 1 then
    state = 'RETRY'
  elseif redis.call('ZSCORE', KEYS[7], id) then
    state = 'DEAD'
  elseif redis.call('HEXISTS', KEYS[1], id) == 1
      and remove_pending(KEYS[2], KEYS[15], id, 0) > 0 then
    state = 'PENDING'
  else
    local exp = redis.call('ZSCORE', KEYS[12], id)
    if exp and tonumber(exp) > now then
      local rec = redis.call('HGET', KEYS[13], id)
      state = rec and string.match(rec, '^([^|]*)') or 'SUCCEEDED'
    end
  end
  if state == 'PENDING' or state == 'SCHEDULED' or state == 'RETRY' then
    redis.call('ZADD', KEYS[9], keep_until, id)
    redis.call('HDEL', KEYS[1], id)
    redis.call('HDEL', KEYS[8], id)
    redis.call('HDEL', KEYS[14], id)
    redis.call('HINCRBY', KEYS[10], 'revoked', 1)
    keep_record(KEYS[11], KEYS[12], KEYS[13], id, record, '', ttl, now)
    settle_links(KEYS[16], KEYS[17], id, 'REVOKED', '', record)
  end
  if state then
    out[#out + 1] = id
    out[#out + 1] = state
  end
end
return out

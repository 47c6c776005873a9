-- enqueue: stores new tasks; ready ones are pushed to pending, delayed ones scheduled.
-- KEYS[1] tasks  KEYS[2] pending  KEYS[3] scheduled  KEYS[4] marker  KEYS[5] unique
-- KEYS[6] unique:exp  KEYS[7] dead  KEYS[8] priority  KEYS[9] prioritized  KEYS[10] links
-- KEYS[11] records
-- ARGV[1] now override in ms ('' = Redis TIME)
-- ARGV[2..] nonuples: id, envelope, mode ('n' now | 'c' countdown ms | 'e' eta ms), value,
-- unique key ('' = none), unique TTL ms, priority (0 to 9; the submitter already applied the
-- queue's levels, 0 when it has none), links JSON ('' = none; see lib/links.lua), once ('1': an
-- id that already finished, so has a record, is a duplicate too: follow-ups are submitted by
-- fixed ids, perhaps more than once)
-- Returns: {created, n, n duplicate ids..., then pairs: id, id of the task holding its unique
-- key}. Idempotent: an id already live is left unchanged (a duplicate id).
-- Unique keys: a key is held by the task that took it while that task is live (in tasks and not
-- dead) or until its expiry in unique:exp, whichever is later; a task whose key is held is not
-- stored and the holder's id is reported. Expired keys whose holder is gone are trimmed lazily,
-- at most 20 per call, by calls that carry a unique key.
-- validate, then write: scheduled is checked only when a task may go there, and the unique keys
-- only when a task has one, so a broken key refuses only the calls that need it
local delayed_any, unique_any = false, false
local linked_any, once_any = false, false
for i = 2, #ARGV, 9 do
  if ARGV[i + 7] ~= '' then linked_any = true end
  if ARGV[i + 8] == '1' then once_any = true end
  if ARGV[i + 2] ~= 'n' then delayed_any = true end
  if ARGV[i + 4] ~= '' then unique_any = true end
end
local bad = wrong_type('hash', 'list', delayed_any and 'zset' or '', 'zset',
  unique_any and 'hash' or '', unique_any and 'zset' or '', unique_any and 'zset' or '',
  'hash', 'zset', linked_any and 'hash' or '', once_any and 'hash' or '')
if bad then return redis.error_reply(bad) end
local now = redis_now(ARGV[1])

local function live(id)
  return redis.call('HEXISTS', KEYS[1], id) == 1 and not redis.call('ZSCORE', KEYS[7], id)
end

if unique_any then
  local expired = redis.call('ZRANGEBYSCORE', KEYS[6], '-inf', now, 'LIMIT', 0, 20)
  for _, key in ipairs(expired) do
    local holder = redis.call('HGET', KEYS[5], key)
    if not holder or not live(holder) then
      redis.call('HDEL', KEYS[5], key)
      redis.call('ZREM', KEYS[6], key)
    end
  end
end

local created, ready, delayed = 0, 0, 0
local dups, held = {}, {}
for i = 2, #ARGV, 9 do
  local id, env, mode, value = ARGV[i], ARGV[i + 1], ARGV[i + 2], tonumber(ARGV[i + 3])
  local key = ARGV[i + 4]
  local priority = tonumber(ARGV[i + 6])
  local holder = nil
  if key ~= '' and redis.call('HEXISTS', KEYS[1], id) == 0 then
    holder = redis.call('HGET', KEYS[5], key)
    if holder then
      local exp = tonumber(redis.call('ZSCORE', KEYS[6], key))
      if not ((exp and exp > now) or live(holder)) then holder = nil end
    end
  end
  if ARGV[i + 8] == '1' and redis.call('HEXISTS', KEYS[11], id) == 1 then
    dups[#dups + 1] = id
  elseif holder then
    held[#held + 1] = id
    held[#held + 1] = holder
  elseif redis.call('HSETNX', KEYS[1], id, env) == 1 then
    created = created + 1
    if key ~= '' then
      redis.call('HSET', KEYS[5], key, id)
      redis.call('ZADD', KEYS[6], now + tonumber(ARGV[i + 5]), key)
    end
    if priority > 0 then redis.call('HSET', KEYS[8], id, priority) end
    if ARGV[i + 7] ~= '' then redis.call('HSET', KEYS[10], id, ARGV[i + 7]) end
    local due = now
    if mode == 'c' then due = now + value elseif mode == 'e' then due = value end
    if due > now then
      redis.call('ZADD', KEYS[3], due, id)
      delayed = delayed + 1
    else
      push_pending(KEYS[2], KEYS[9], KEYS[8], id, false, priority)
      ready = ready + 1
    end
  else
    dups[#dups + 1] = id
  end
end
if ready > 0 then wake(KEYS[4], now, 'p') end
if delayed > 0 then wake(KEYS[4], now, 's') end
local out = {created, #dups}
for _, id in ipairs(dups) do out[#out + 1] = id end
for _, v in ipairs(held) do out[#out + 1] = v end
return out

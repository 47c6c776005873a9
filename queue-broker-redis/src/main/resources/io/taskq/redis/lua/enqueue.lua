-- enqueue: stores new tasks; ready ones are pushed to pending, delayed ones scheduled.
-- KEYS[1] tasks  KEYS[2] pending  KEYS[3] scheduled  KEYS[4] marker  KEYS[5] priority
-- KEYS[6] prioritized
-- ARGV[1] now override in ms ('' = Redis TIME)
-- ARGV[2..] quintuples: id, envelope, mode ('n' now | 'c' countdown ms | 'e' eta ms), value,
-- priority (0 to 9; the submitter already applied the queue's levels, 0 when it has none)
-- Returns: {created, duplicate ids...}. Idempotent: HSETNX leaves a live id unchanged.
-- validate, then write: scheduled is checked only when a task may go there, so a broken
-- scheduled key refuses delayed tasks but not ready ones
local delayed_any = false
for i = 2, #ARGV, 5 do
  if ARGV[i + 2] ~= 'n' then delayed_any = true end
end
local bad = wrong_type('hash', 'list', delayed_any and 'zset' or '', 'zset', 'hash', 'zset')
if bad then return redis.error_reply(bad) end
local now = redis_now(ARGV[1])
local created, ready, delayed = 0, 0, 0
local out = {0}
for i = 2, #ARGV, 5 do
  local id, env, mode, value = ARGV[i], ARGV[i + 1], ARGV[i + 2], tonumber(ARGV[i + 3])
  local priority = tonumber(ARGV[i + 4])
  if redis.call('HSETNX', KEYS[1], id, env) == 1 then
    created = created + 1
    if priority > 0 then redis.call('HSET', KEYS[5], id, priority) end
    local due = now
    if mode == 'c' then due = now + value elseif mode == 'e' then due = value end
    if due > now then
      redis.call('ZADD', KEYS[3], due, id)
      delayed = delayed + 1
    else
      push_pending(KEYS[2], KEYS[6], KEYS[5], id, false, priority)
      ready = ready + 1
    end
  else
    out[#out + 1] = id
  end
end
if ready > 0 then redis.call('ZADD', KEYS[4], now, 'p') end
if delayed > 0 then redis.call('ZADD', KEYS[4], now, 's') end
out[1] = created
return out

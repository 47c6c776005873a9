-- list_page: one page of a queue's tasks in one state, each with what find returns, in one call.
-- KEYS[1] tasks  KEYS[2] active  KEYS[3] lease  KEYS[4] scheduled  KEYS[5] retry  KEYS[6] dead
-- KEYS[7] pending  KEYS[8] crashes  KEYS[9] results  KEYS[10] results:exp  KEYS[11] records
-- KEYS[12] prioritized
-- ARGV[1] now override ('' = Redis TIME)
-- ARGV[2] state: PENDING, ACTIVE, SCHEDULED, RETRY, DEAD, SUCCEEDED, REVOKED or EXPIRED
-- ARGV[3] cursor: '' = the first page, else the next cursor a previous call returned
-- ARGV[4] entries to read (1 to 1000)
-- ARGV[5] task name ('' = any): leaves out tasks whose envelope (or record) names another task
-- ARGV[6] least score in ms ('' = none): ACTIVE, SCHEDULED, RETRY and DEAD only
-- ARGV[7] entries to pass over before reading, after the cursor and the least score ('0' = none)
-- ARGV[8] error class ('' = any): leaves out tasks whose envelope and record do not mention
-- CLASS" (a full name, or one ending in .CLASS), that are readable and never crashed
-- Returns: {next cursor | nil at the end, then per task: id, envelope|nil, score|nil, lease|nil,
-- crashes, record|nil, result|nil}. A cursor is 'score:id' (ZSET states, the last entry read) or
-- 'position:id' (PENDING). Read only: writes nothing, so it checks no key types.
-- SUCCEEDED, REVOKED and EXPIRED page through the unexpired part of results:exp and keep the ids
-- whose record has that state (a result without a record counts as SUCCEEDED), as find answers a
-- finished task: no envelope, its record and result.
local now = redis_now(ARGV[1])
local state = ARGV[2]
local cursor = ARGV[3]
local n = tonumber(ARGV[4])
local want_task = ARGV[5]
local since = ARGV[6]
local skip_n = tonumber(ARGV[7])
local want_error = ARGV[8]

local after_n, after_id
if cursor ~= '' then
  after_n, after_id = string.match(cursor, '^([^:]+):(.*)$')
  if not after_n then
    return redis.error_reply('ERR taskq list_page: bad cursor')
  end
end

-- the task name at the head of an envelope ({"v":N,"id":"…","task":"NAME",…}), or nil when it
-- cannot be read that way (then Java decides)
local function envelope_task(env)
  if not env then return nil end
  return string.match(env, '^{"v":%d+,"id":"[^"]*","task":"([^"]*)"')
end

-- the index of the first entry of a ZSET after the cursor and at or above the least score
-- (floor: entries at or below it are never read; prefix '(' = below only)
local function zstart(key, floor)
  local start = 0
  if after_id then
    local score = redis.call('ZSCORE', key, after_id)
    if score and tonumber(score) == tonumber(after_n) then
      start = redis.call('ZRANK', key, after_id) + 1
    else
      -- the last entry read left (or moved): resume at the first entry after (score, id);
      -- equal scores are ordered by id
      start = redis.call('ZCOUNT', key, '-inf', '(' .. after_n)
      local ties = redis.call('ZRANGEBYSCORE', key, after_n, after_n)
      for _, t in ipairs(ties) do
        if t <= after_id then start = start + 1 else break end
      end
    end
  end
  if floor then start = math.max(start, redis.call('ZCOUNT', key, '-inf', floor)) end
  return start
end

-- whether a task may have failed with the error class: a plain search, never decoding JSON
local function error_fits(env, record, crashes)
  if want_error == '' or crashes > 0 or not envelope_task(env) then return true end
  local quoted = want_error .. '"'
  if string.find(env, '"' .. quoted, 1, true) or string.find(env, '.' .. quoted, 1, true) then
    return true
  end
  return record ~= nil and record ~= false and string.find(record, want_error, 1, true) ~= nil
end

local out = {false}
local function add(id, env, score, lease, crashes, record, result)
  out[#out + 1] = id
  out[#out + 1] = env or false
  out[#out + 1] = score or false
  out[#out + 1] = lease or false
  out[#out + 1] = crashes
  out[#out + 1] = record or false
  out[#out + 1] = result or false
end

local function crashes_of(id)
  return tonumber(redis.call('HGET', KEYS[8], id) or '0')
end

if state == 'PENDING' then
  local start = 0
  if after_id then
    start = tonumber(after_n) + 1
    -- where the last id read is now (claims move the head): right after it while it is pending
    local z = 0
    local rank = false
    if pending_zset(KEYS[12]) then
      z = redis.call('ZCARD', KEYS[12])
      rank = redis.call('ZRANK', KEYS[12], after_id)
    end
    if rank then
      start = rank + 1
    else
      local pos = redis.call('LPOS', KEYS[7], after_id)
      if pos then start = z + pos + 1 end
    end
  end
  start = start + skip_n
  local ids = pending_range(KEYS[7], KEYS[12], start, start + n - 1)
  for i, id in ipairs(ids) do
    local env = redis.call('HGET', KEYS[1], id)
    local name = envelope_task(env)
    local crashes = crashes_of(id)
    if (want_task == '' or not name or name == want_task) and error_fits(env, nil, crashes) then
      add(id, env, nil, nil, crashes, nil, nil)
    end
    if i == n then out[1] = (start + i - 1) .. ':' .. id end
  end
  return out
end

local index = ({ACTIVE = KEYS[2], SCHEDULED = KEYS[4], RETRY = KEYS[5], DEAD = KEYS[6],
  SUCCEEDED = KEYS[10], REVOKED = KEYS[10], EXPIRED = KEYS[10]})[state]
if not index then return redis.error_reply('ERR taskq list_page: unknown state ' .. state) end
local final = index == KEYS[10]
local floor = nil
if final then
  floor = tostring(now) -- records whose time is up are not listed
elseif since ~= '' then
  floor = '(' .. since
end
local start = zstart(index, floor) + skip_n
local entries = redis.call('ZRANGE', index, start, start + n - 1, 'WITHSCORES')
for i = 1, #entries, 2 do
  local id, score = entries[i], entries[i + 1]
  if final then
    local record = redis.call('HGET', KEYS[11], id)
    local rstate = record and string.match(record, '^([A-Z]+)|') or (not record and 'SUCCEEDED')
    local name = record and string.match(record, '^[^|]*|[^|]*|[^|]*|[^|]*|[^|]*|([^|]*)|')
    if rstate == state and (want_task == '' or not name or name == want_task)
        and (want_error == '' or (record and string.find(record, want_error, 1, true))) then
      add(id, nil, nil, nil, 0, record, redis.call('HGET', KEYS[9], id))
    end
  else
    local env = redis.call('HGET', KEYS[1], id)
    local name = envelope_task(env)
    if want_task == '' or not name or name == want_task then
      local lease, record = nil, nil
      if state == 'ACTIVE' then lease = redis.call('HGET', KEYS[3], id) end
      if state == 'DEAD' then
        local exp = redis.call('ZSCORE', KEYS[10], id)
        if exp and tonumber(exp) > now then record = redis.call('HGET', KEYS[11], id) end
      end
      local crashes = crashes_of(id)
      if error_fits(env, record, crashes) then add(id, env, score, lease, crashes, record, nil) end
    end
  end
  if i + 1 == 2 * n then out[1] = score .. ':' .. id end
end
return out

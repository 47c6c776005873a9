-- check_types: prepended to every script (see Script.java). A script that writes calls it before
-- its first write, so a key of the wrong type refuses the whole call instead of stopping it
-- half-way (Redis does not roll back the writes a script made before an error).
-- Arguments: the expected type of KEYS[1], KEYS[2], ... ('' = not checked); a missing key is fine.
-- Returns: nil, or the error text (WRONGTYPE ...) the script returns with redis.error_reply.
-- The types read are kept in key_types (key -> type) for the rest of the call: lib/pending.lua
-- reads them there instead of asking Redis again.
local key_types = {}
local function wrong_type(...)
  local want = {...}
  for i = 1, #want do
    if want[i] ~= '' then
      local t = redis.call('TYPE', KEYS[i])['ok']
      key_types[KEYS[i]] = t
      if t ~= 'none' and t ~= want[i] then
        return 'WRONGTYPE taskq key ' .. KEYS[i] .. ' holds a ' .. t .. ', not a ' .. want[i]
      end
    end
  end
  return nil
end

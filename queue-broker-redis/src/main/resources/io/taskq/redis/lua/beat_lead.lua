-- beat_lead: takes the beat leader lease when free, or renews it for its holder.
-- KEYS[1] leader key
-- ARGV[1] holder (host:pid:epoch)  ARGV[2] lease in ms
-- Returns: 1 when ARGV[1] holds the lease afterwards, 0 when another holder has it.
local current = redis.call('GET', KEYS[1])
if current == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if not current then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0

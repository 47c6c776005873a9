-- counts: tasks per state of one queue, read atomically.
-- KEYS[1] pending  KEYS[2] active  KEYS[3] scheduled  KEYS[4] retry  KEYS[5] dead
-- KEYS[6] prioritized
-- ARGV: none
-- Returns: {pending, active, scheduled, retry, dead}
return {
  pending_len(KEYS[1], KEYS[6]),
  redis.call('ZCARD', KEYS[2]),
  redis.call('ZCARD', KEYS[3]),
  redis.call('ZCARD', KEYS[4]),
  redis.call('ZCARD', KEYS[5])
}

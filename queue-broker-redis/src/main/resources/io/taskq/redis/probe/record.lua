#!lua flags=allow-oom
-- record: counts a probe run (HINCRBY) or records a finished probe (SADD), also at maxmemory
-- with noeviction, so the reliability tests can count runs while Redis refuses new tasks.
-- KEYS[1] runs hash or done set
-- ARGV[1] 'run' | 'done'  ARGV[2] task id
-- Returns: the run count ('run'), or 1 ('done').
if ARGV[1] == 'run' then return redis.call('HINCRBY', KEYS[1], ARGV[2], 1) end
redis.call('SADD', KEYS[1], ARGV[2])
return 1

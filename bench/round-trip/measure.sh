#!/bin/bash
# Redis commands, syscalls and CPU per task of one `taskq bench process` run (docs/performance.md,
# "One round trip per batch"). Usage: measure.sh ROOT LABEL N PORT
#   ROOT   a checkout (or a copy of its bin/ and built jars) whose bin/taskq is run, never rebuilt
#   LABEL  the run's name: results go to ${OUT:-/tmp/round-trip}/LABEL
#   N      tasks; PORT a free loopback port for the run's own redis-server (never 6379)
# The window starts when the worker starts draining the N queued tasks (INFO commandstats is reset
# and `perf stat -e raw_syscalls:sys_enter -p` attached then) and ends when pending and active are
# both empty. The polls count in commandstats (LLEN + ZCARD each, and redis-cli's COMMAND DOCS):
# analyze.py subtracts them.
set -u
root=$1; label=$2; n=$3; port=$4
base=${OUT:-/tmp/round-trip}
out=$base/$label; mkdir -p "$out" "$base/redis-$port"
rc() { redis-cli -p "$port" "$@"; }
redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --dir "$base/redis-$port" \
  --daemonize yes --pidfile "$base/redis-$port.pid"
until rc ping > /dev/null 2>&1; do sleep 0.05; done
pend='taskq:{bench-process}:pending'; act='taskq:{bench-process}:active'
TASKQ_NO_BUILD=1 TASKQ_REDIS_URL=redis://127.0.0.1:$port "$root/bin/taskq" bench process \
  --tasks "$n" -c 16 --json "$out/bench.json" > "$out/bench.out" 2> "$out/bench.err" &
bpid=$!
# the worker starts once all N are queued: pending reaches N, or is seen falling from near it
prev=0
while :; do
  cur=$(rc llen "$pend")
  [ "$cur" = "$n" ] && break
  [ "$cur" -lt "$prev" ] && [ "$prev" -gt $((n / 2)) ] && break
  prev=$cur; sleep 0.01
done
rc config resetstat > /dev/null
rc info cpu > "$out/cpu0.txt"
read -r ut0 st0 < <(awk '{print $14, $15}' "/proc/$bpid/stat")
perf stat -e raw_syscalls:sys_enter -p "$bpid" -o "$out/perf.txt" &
perfpid=$!
uptime > "$out/load.txt"
p=0
while :; do
  cur=$(printf 'LLEN %s\nZCARD %s\n' "$pend" "$act" | rc | tr '\n' ' '); p=$((p + 1))
  [ "$cur" = "0 0 " ] && break
  sleep 0.05
done
kill -INT "$perfpid"
read -r ut1 st1 < <(awk '{print $14, $15}' "/proc/$bpid/stat")
rc info commandstats > "$out/commandstats.txt"
rc info cpu > "$out/cpu.txt"
echo "polls_in_window=$p" > "$out/polls.txt"
echo "worker_cpu_ticks=$((ut1 - ut0 + st1 - st0))" >> "$out/polls.txt"
uptime >> "$out/load.txt"
wait "$bpid"
wait "$perfpid"
kill "$(cat "$base/redis-$port.pid")"
tail -1 "$out/bench.out"

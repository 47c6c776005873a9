#!/usr/bin/env bash
# One Redis against a 3-primary Redis Cluster on this machine (docs/scaling.md):
#   bench/scaling/run.sh [RUNS]
# Starts two throwaway topologies on free loopback ports under a temporary directory: one
# redis-server, and a cluster of 3 primaries (no replicas; redis-cli --cluster create). Then, for
# each shape and RUNS rounds, alternating the topologies, runs
#   taskq bench process --tasks N -c 16 --warmup 20000 <shape>
# and prints one line per run: topology, shape, tasks/s, and the bench's CPU µs per task of its
# JVM (worker) and of Redis (used_cpu_sys + used_cpu_user over the processing, summed over the
# cluster's primaries).
# Shapes (SHAPES, default "q1 q3 s4"): q1 = one queue; q3 = three queues (--queues 3);
# s3, s4 = one queue of three or four shards (--shards 3, --shards 4).
# N = TASKS (default 100000). Needs bin/taskq built (TASKQ_NO_BUILD=1 is set) and redis-server,
# redis-cli on PATH. Stops only the servers it started.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
runs="${1:-3}"
tasks="${TASKS:-100000}"
shapes="${SHAPES:-q1 q3 s4}"
work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { # below 55536: a cluster node's bus port is its port + 10000
  python3 -c '
import socket
while True:
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close()
    if p <= 55535:
        b = socket.socket()
        try:
            b.bind(("127.0.0.1", p + 10000)); print(p); break
        except OSError:
            pass
        finally:
            b.close()
'
}
start_server() { # $1 port, then extra options
  local port="$1"; shift
  mkdir -p "$work/$port"
  redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work/$port" \
    --daemonize no --logfile "$work/$port/log" "$@" &
  pids+=($!)
  for _ in $(seq 400); do redis-cli -p "$port" PING >/dev/null 2>&1 && return; sleep 0.05; done
  echo "scaling: redis-server on $port did not start: $(tail -3 "$work/$port/log")" >&2; exit 1
}

single=$(free_port); start_server "$single"
cluster=()
for _ in 1 2 3; do
  p=$(free_port); start_server "$p" --cluster-enabled yes --cluster-config-file "$work/$p/nodes.conf" \
    --cluster-node-timeout 2000
  cluster+=("$p")
done
redis-cli --cluster create "${cluster[@]/#/127.0.0.1:}" --cluster-replicas 0 --cluster-yes >/dev/null
for _ in $(seq 100); do
  ok=1
  for p in "${cluster[@]}"; do
    [[ "$(redis-cli -p "$p" CLUSTER INFO | tr -d '\r' | grep cluster_state)" == "cluster_state:ok" ]] || ok=0
  done
  [[ $ok == 1 ]] && break; sleep 0.1
done

# which primary owns each bench queue's slot
for q in bench-process bench-process-0 bench-process-1 bench-process-2 'bench-process#0' \
    'bench-process#1' 'bench-process#2' 'bench-process#3'; do
  slot=$(redis-cli -p "${cluster[0]}" CLUSTER KEYSLOT "{$q}" | tr -d '\r')
  owner=$(redis-cli -p "${cluster[0]}" CLUSTER NODES | tr -d '\r' | awk -v s="$slot" '
    $3 ~ /master/ { for (i = 9; i <= NF; i++) { split($i, r, "-"); if (s >= r[1] && s <= (r[2] == "" ? r[1] : r[2])) print $2 } }')
  echo "# queue $q: slot $slot on ${owner%@*}"
done

export TASKQ_NO_BUILD=1
printf '%-8s %-6s %10s %14s %14s\n' topology shape tasks/s jvm_us/task redis_us/task
for ((r = 1; r <= runs; r++)); do
  for shape in $shapes; do
    case "$shape" in
      q1) args=() ;;
      q3) args=(--queues 3) ;;
      s3) args=(--shards 3) ;;
      s4) args=(--shards 4) ;;
      *) echo "scaling: unknown shape $shape" >&2; exit 64 ;;
    esac
    for topo in single cluster; do
      if [[ $topo == single ]]; then url="redis://127.0.0.1:$single"
      else url="redis-cluster://127.0.0.1:${cluster[0]},127.0.0.1:${cluster[1]}"; fi
      "$root/bin/taskq" bench process --tasks "$tasks" -c 16 --warmup 20000 "${args[@]}" \
        --redis "$url" --json "$work/out.json" >/dev/null
      python3 - "$work/out.json" "$topo" "$shape" <<'PY'
import json, sys
row = json.load(open(sys.argv[1]))["results"][0]
nan = float("nan")
print(f'{sys.argv[2]:8s} {sys.argv[3]:6s} {row["tasksPerSecond"]:10.0f} '
      f'{row.get("workerCpuUsPerTask", nan):14.1f} {row.get("redisCpuUsPerTask", nan):14.1f}')
PY
    done
  done
done

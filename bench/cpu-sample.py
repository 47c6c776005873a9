#!/usr/bin/python3
"""CPU per task of a peer of shared/bench/peers, measured around the harness's process mode.

Two uses (bench/peers-cpu drives both; see docs/performance.md, "Method"):

  cpu-sample.py NAME PEER MODE
      a peer executable for the harness that wraps PEER: `enqueue` and `latency` exec PEER as
      they are; `worker` starts `PEER worker` in this process group (the harness made this
      process its leader) and samples, at the first task done ($BENCH_DONE_KEY > 0) and at the
      N-th ($BENCH_N), the CPU time (utime + stime of /proc/<pid>/stat) of every process of the
      group but this one, and Redis's used_cpu_sys + used_cpu_user (INFO cpu). One JSON line per
      measured run goes to $CPU_SAMPLES. The window is the one of the harness's process/s (first
      completion to the N-th), so worker start-up is not in it. A latency run never counts
      $BENCH_DONE_KEY and records nothing.

  cpu-sample.py --report CPU_JSONL [RAW_JSONL]
      prints the CPU-per-task table (median and range per peer) beside the harness's process/s.

Needs /usr/bin/python3 with python3-redis, as the harness itself.
"""
import json
import os
import signal
import statistics
import subprocess
import sys
import time

import redis  # Debian python3-redis, as harness.py

POLL_S = 0.005  # the harness polls bench:done every 5 ms as well
TICK = os.sysconf("SC_CLK_TCK")


def group_cpu_s(pgid, skip):
    """CPU seconds (user + system, all threads) of the live processes of process group pgid."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == skip:
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:  # gone meanwhile
            continue
        fields = stat[stat.rindex(")") + 2:].split()  # after "pid (comm) "
        if int(fields[2]) == pgid:  # fields[0] is the state: pgrp is field 5 of stat
            total += int(fields[11]) + int(fields[12])  # utime, stime: fields 14, 15
    return total / TICK


def redis_cpu_s(r):
    info = r.info("cpu")
    return float(info["used_cpu_sys"]) + float(info["used_cpu_user"])


class Sampler:
    def __init__(self, r, pgid):
        self.r, self.pgid, self.me = r, pgid, os.getpid()
        self.first = None  # (done, t, worker_s, redis_s)

    def sample(self, done):
        return (done, time.perf_counter(), group_cpu_s(self.pgid, self.me), redis_cpu_s(self.r))

    def record(self, name, end, short):
        d0, t0, w0, r0 = self.first
        d1, t1, w1, r1 = end
        tasks = d1 - d0
        if tasks <= 0:
            return
        rec = {"peer": name, "n": int(os.environ.get("BENCH_N", "0")), "tasks": tasks,
               "seconds": round(t1 - t0, 4), "worker_cpu_s": round(w1 - w0, 3),
               "redis_cpu_s": round(r1 - r0, 4),
               "worker_us_per_task": round((w1 - w0) * 1e6 / tasks, 1),
               "redis_us_per_task": round((r1 - r0) * 1e6 / tasks, 1),
               "short": short, "t": time.time()}
        path = os.environ.get("CPU_SAMPLES")
        line = json.dumps(rec)
        if path:
            with open(path, "a") as f:
                f.write(line + "\n")
        print(f"cpu-sample: {line}", file=sys.stderr, flush=True)


def worker(name, peer):
    n = int(os.environ["BENCH_N"])
    key = os.environ.get("BENCH_DONE_KEY", "bench:done")
    port = int(os.environ["BENCH_PORT"])
    r = redis.Redis(host="127.0.0.1", port=port, db=0)
    stop = []
    # the harness signals the whole group: the peer gets its SIGTERM directly; this process
    # samples at once (a run whose N-th task the harness saw first) and waits for the peer
    signal.signal(signal.SIGTERM, lambda *_: stop.append(time.perf_counter()))
    child = subprocess.Popen([peer, "worker"])
    s = Sampler(r, os.getpgid(0))
    done = False
    while child.poll() is None and not stop and not done:
        c = int(r.get(key) or 0)
        if s.first is None and c > 0:
            s.first = s.sample(c)
        elif s.first is not None and c >= n:
            s.record(name, s.sample(c), False)
            done = True
        else:
            time.sleep(POLL_S)
    if stop and not done and s.first is not None:  # the harness saw the N-th task first
        c = int(r.get(key) or 0)
        s.record(name, s.sample(c), c < n)
    while True:
        try:
            rc = child.wait()
            break
        except InterruptedError:
            continue
    sys.exit(rc if rc >= 0 else 128 - rc)


def summary(vals, digits=1):
    if not vals:
        return "n/a"
    f = f"{{:,.{digits}f}}"
    med = statistics.median(vals)
    if len(vals) == 1:
        return f.format(med)
    return f"{f.format(med)} ({f.format(min(vals))}–{f.format(max(vals))})"


def report(cpu_path, raw_path=None):
    cpu, rate = {}, {}
    with open(cpu_path) as f:
        for line in f:
            rec = json.loads(line)
            cpu.setdefault(rec["peer"], []).append(rec)
    if raw_path:
        with open(raw_path) as f:
            for line in f:
                rec = json.loads(line)
                if rec.get("mode") == "process":
                    rate.setdefault(rec["peer"], []).append(rec["result"]["process_per_s"])
    peers = list(dict.fromkeys(list(rate) + list(cpu)))
    print("| peer | process/s | worker CPU µs/task | Redis CPU µs/task | worker + Redis µs/task"
          " | runs |")
    print("|---|---|---|---|---|---|")
    for p in peers:
        recs = cpu.get(p, [])
        w = [x["worker_us_per_task"] for x in recs]
        rd = [x["redis_us_per_task"] for x in recs]
        both = [a + b for a, b in zip(w, rd)]
        short = sum(1 for x in recs if x["short"])
        runs = f"{len(recs)}" + (f" ({short} stopped before the N-th task)" if short else "")
        print(f"| {p} | {summary(rate.get(p, []), 0)} | {summary(w)} | {summary(rd)} | "
              f"{summary(both)} | {runs} |")


def main(argv):
    if len(argv) >= 2 and argv[0] == "--report":
        report(argv[1], argv[2] if len(argv) > 2 else None)
        return
    if len(argv) != 3:
        sys.exit("usage: cpu-sample.py NAME PEER MODE | cpu-sample.py --report CPU_JSONL [RAW]")
    name, peer, mode = argv
    if mode != "worker":
        os.execv(peer, [peer, mode])
    worker(name, peer)


if __name__ == "__main__":
    main(sys.argv[1:])

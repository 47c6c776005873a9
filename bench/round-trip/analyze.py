#!/usr/bin/env python3
# Per-task figures of measure.sh runs: analyze.py LABEL... (reads ${OUT:-/tmp/round-trip}/LABEL).
# Tasks = PUBLISH calls in the window (ack publishes each finished id once). Commands = every
# command counted in INFO commandstats, EVALSHA and the commands inside scripts, less the
# measurement's own (CONFIG RESETSTAT, COMMAND DOCS, INFO, and LLEN + ZCARD per poll).
import sys, re, os
for label in sys.argv[1:]:
    d=os.environ.get('OUT', '/tmp/round-trip')+'/'+label
    try:
        cs=open(d+'/commandstats.txt').read()
    except FileNotFoundError:
        continue
    calls={}
    for m in re.finditer(r'cmdstat_([^:]+):calls=(\d+)', cs):
        calls[m.group(1)]=int(m.group(2))
    polls=int(re.search(r'polls_in_window=(\d+)', open(d+'/polls.txt').read()).group(1))
    ticks=int(re.search(r'worker_cpu_ticks=(\d+)', open(d+'/polls.txt').read()).group(1))
    noise={'config|resetstat','command|docs','info'}
    tasks=calls.get('publish',0)  # one per acked task in the window
    total=sum(v for k,v in calls.items() if k not in noise) - 2*polls
    ev=calls.get('evalsha',0)
    perf=open(d+'/perf.txt').read()
    sc=int(re.search(r'([\d,]+)\s+raw_syscalls:sys_enter', perf).group(1).replace(',',''))
    secs=float(re.search(r'([\d.]+) seconds time elapsed', perf).group(1))
    def cpu(f):
        t=open(f).read()
        return float(re.search(r'used_cpu_sys:([\d.]+)',t).group(1))+float(re.search(r'used_cpu_user:([\d.]+)',t).group(1))
    rcpu=cpu(d+'/cpu.txt')-cpu(d+'/cpu0.txt') if os.path.exists(d+'/cpu0.txt') else float('nan')
    b=open(d+'/bench.out').read().strip().splitlines()[-1].split()
    load=open(d+'/load.txt').read().split('average:')[1].split(',')[0].strip()
    print(f"{label}: tasks={tasks} rate={b[-1]}/s load={load} evalsha/task={ev/tasks:.4f} cmds/task={total/tasks:.2f} (in scripts {(total-ev)/tasks:.2f}) syscalls/task={sc/tasks:.2f} workerCPUus/task={ticks*10000/tasks:.0f} redisCPUus/task={rcpu*1e6/tasks:.1f} window={secs:.1f}s")
    top=sorted(((v,k) for k,v in calls.items() if k not in noise), reverse=True)
    print('   ', ', '.join(f"{k}={v/tasks:.3f}" for v,k in top))

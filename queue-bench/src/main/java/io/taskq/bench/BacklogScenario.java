package io.taskq.bench;

import io.taskq.TaskDefinition;
import io.taskq.bench.BenchTasks.Noop;
import io.taskq.config.TaskqConfig;
import io.taskq.worker.Worker;
import java.lang.management.ManagementFactory;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code taskq bench backlog}: processing speed must not depend on how much is queued. */
@Command(name = "backlog", mixinStandardHelpOptions = true,
    description = "For each backlog size S: queues a slice of tasks with S more behind it, then"
        + " measures how fast a worker runs the slice, and the heap it used.")
final class BacklogScenario extends WorkerScenario {
  @Option(names = "--sizes", split = ",", paramLabel = "S", defaultValue = "10000,100000,1000000",
      description = "backlog sizes, comma-separated (default 10000,100000,1000000)")
  List<Long> sizes;

  @Option(names = "--slice", paramLabel = "N", defaultValue = "20000",
      description = "tasks processed and timed at each size (default 20000)")
  int slice;

  @Override
  String name() {
    return "backlog";
  }

  @Override
  void validate() {
    super.validate();
    atLeast("--slice", slice, 1);
    sizes.forEach(s -> atLeast("--sizes", s, 0));
  }

  @Override
  void run(TaskqConfig config, Report report) {
    report.parameter("sizes", sizes).parameter("slice", slice)
        .parameter("concurrency", concurrency).parameter("warmup", warmup);
    try (BenchRun run = BenchRun.open(config, queue(), concurrency)) {
      run.warmUp(warmup);
      TaskDefinition<Noop> task = BenchTasks.noop(queue());
      double first = 0;
      for (long size : sizes) {
        // the slice first, the backlog behind it: the worker runs the slice from the head
        long t0 = System.nanoTime();
        run.fill(task, slice + size, 1000);
        double fillS = secondsSince(t0, System.nanoTime());
        long queued = run.pending();
        System.gc(); // so the heap figures are the worker's, not the fill's garbage

        Completions done = new Completions(slice);
        Worker worker = noopWorker(run, task, done);
        double s;
        double heapMax;
        double heapLive;
        try (HeapSampler heap = new HeapSampler()) {
          t0 = System.nanoTime();
          worker.start();
          s = secondsSince(t0, done.await(slice, BenchRun.timeoutFor(slice), queue()));
          heapMax = heap.maxMib();
          heapLive = liveHeapMib();
        } finally {
          worker.close();
        }
        double rate = slice / s;
        first = first == 0 ? rate : first;
        report.row("backlog", size, "queued", queued, "processed", done.count(),
            "fillSeconds", Report.round(fillS, 3), "seconds", Report.round(s, 3),
            "tasksPerSecond", Report.round(rate, 1), "vsFirst", Report.round(rate / first, 2),
            "heapMaxMib", Report.round(heapMax, 1), "heapLiveMib", Report.round(heapLive, 1));
        run.clean();
      }
    }
  }

  /** Heap in use after a full collection, with the worker still running: what it retains. */
  private static double liveHeapMib() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
  }
}

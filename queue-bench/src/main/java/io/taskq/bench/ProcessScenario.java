package io.taskq.bench;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.taskq.TaskDefinition;
import io.taskq.bench.BenchTasks.Noop;
import io.taskq.config.TaskqConfig;
import io.taskq.worker.Worker;
import java.util.List;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code taskq bench process}: N no-op tasks queued first, then one worker drains them. */
@Command(name = "process", mixinStandardHelpOptions = true,
    description = "Queues N no-op tasks, then starts a worker with concurrency C and measures"
        + " how fast it runs them (tasks/s from worker start to the N-th task) and the CPU"
        + " time per task of this JVM and of Redis over that stretch.")
final class ProcessScenario extends WorkerScenario {
  @Option(names = {"-n", "--tasks"}, paramLabel = "N", defaultValue = "20000",
      description = "tasks to process (default 20000)")
  int tasks;

  @Option(names = "--queues", paramLabel = "K", defaultValue = "1",
      description = "spread the tasks over K queues bench-process-0 .. K-1 (chunks in turn), one"
          + " worker on all of them with C slots each (default 1: the queue bench-process); on a"
          + " Redis Cluster each queue is a slot of its own, so K queues can use K primaries")
  int queueCount;

  @Option(names = "--shards", paramLabel = "S", defaultValue = "1",
      description = "each queue spread over S shards (queues.<q>.shards; default 1)")
  int shards;

  @Option(names = "--priorities",
      description = "a queue with 10 priority levels; the chunks of 1,000 tasks take priorities"
          + " 0 to 9 in turn (pending becomes a ZSET of priority bands)")
  boolean priorities;

  @Option(names = "--prefetch", paramLabel = "P",
      description = "tasks the worker claims beyond its free slots (default: the queue's, which"
          + " defaults to the concurrency; 0 = claim for free slots only)")
  @Nullable Integer prefetch;

  @Option(names = "--metrics",
      description = "the worker records its metrics on a Prometheus registry, as `taskq worker"
          + " --health-port` does (default: no registry)")
  boolean metrics;

  @Override
  String name() {
    return "process";
  }

  @Override
  void validate() {
    super.validate();
    atLeast("--tasks", tasks, 1);
    atLeast("--queues", queueCount, 1);
    atLeast("--shards", shards, 1);
    if (prefetch != null) {
      atLeast("--prefetch", prefetch, 0);
    }
  }

  /** The queues: {@code bench-process}, or {@code bench-process-0 .. K-1} with {@code --queues}. */
  private List<String> queues() {
    return queueCount == 1 ? List.of(queue())
        : IntStream.range(0, queueCount).mapToObj(i -> queue() + "-" + i).toList();
  }

  @Override
  void run(TaskqConfig config, Report report) {
    List<String> queues = queues();
    for (String q : queues) {
      if (shards > 1) {
        config = config.withQueue(config.queue(q).toBuilder().shards(shards).build());
      }
      if (priorities) {
        config = config.withQueue(config.queue(q).toBuilder().priorities(10).build());
      }
      if (prefetch != null) {
        config = config.withQueue(config.queue(q).toBuilder().prefetch(prefetch).build());
      }
    }
    report.parameter("tasks", tasks).parameter("concurrency", concurrency)
        .parameter("queues", queues.size()).parameter("shards", shards)
        .parameter("prefetch", config.queue(queues.getFirst()).toBuilder().concurrency(concurrency).build()
            .prefetchCount())
        .parameter("warmup", warmup).parameter("priorities", priorities ? 10 : 0)
        .parameter("metrics", metrics);
    try (BenchRun run = BenchRun.open(config, queues, concurrency);
        CpuTime cpu = CpuTime.open(config.redis())) {
      run.warmUp(warmup);
      TaskDefinition<Noop> task = BenchTasks.noop(run.queue());
      long t0 = System.nanoTime();
      run.fill(task, tasks, 1000, priorities ? 10 : 0);
      double enqueueS = secondsSince(t0, System.nanoTime());
      long ackedBefore = run.processed();

      Completions done = new Completions(tasks);
      Worker.Builder builder = run.worker();
      if (metrics) {
        builder.meterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
      }
      Worker worker = noopWorker(builder, task, done);
      CpuTime.Sample cpuStart = cpu.sample();
      t0 = System.nanoTime();
      worker.start();
      long end = done.await(tasks, BenchRun.timeoutFor(tasks), String.join(",", queues));
      CpuTime.Sample cpuEnd = cpu.sample();
      worker.close(); // flushes the acks
      double s = secondsSince(t0, end);
      CpuTime.report(report.row("tasks", (long) tasks, "processed", done.count(),
          "acked", run.processed() - ackedBefore, "enqueueSeconds", Report.round(enqueueS, 3),
          "seconds", Report.round(s, 3), "tasksPerSecond", Report.round(tasks / s, 1)),
          cpuStart, cpuEnd, done.count());
    }
  }
}

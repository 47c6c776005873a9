package io.taskq.bench;

import io.taskq.TaskClient;
import io.taskq.TaskDefinition;
import io.taskq.bench.BenchTasks.Latency;
import io.taskq.config.TaskqConfig;
import io.taskq.worker.Worker;
import java.util.Map;
import picocli.CommandLine.Mixin;

/**
 * A scenario that submits latency tasks while a worker in the same process runs them; every row
 * ends with the enqueue-to-start percentiles the handlers measured.
 */
abstract class LatencyWorkerScenario extends WorkerScenario {
  @Mixin Pace pace;

  @Override
  void validate() {
    super.validate();
    atLeast("--duration (ms)", pace.duration.toMillis(), 1);
  }

  /** Submits with {@code client} while the worker runs; returns the row for the report. */
  abstract Map<String, Object> submit(TaskClient client, TaskDefinition<Latency> task,
      Completions done, Report report);

  @Override
  void run(TaskqConfig config, Report report) {
    try (BenchRun run = BenchRun.open(config, queue(), concurrency)) {
      run.warmUp(warmup);
      TaskDefinition<Latency> task = BenchTasks.latency(queue());
      Latencies latencies = new Latencies();
      Completions done = new Completions(Long.MAX_VALUE);
      Worker worker = run.worker().register(task, (p, ctx) -> {
        latencies.record(p.ageMs());
        done.done();
        return null;
      }).build().start();
      try {
        submit(run.client(), task, done, report).putAll(latencies.summary().columns());
      } finally {
        worker.close();
      }
    }
  }
}

package io.taskq.bench;

import io.taskq.TaskClient;
import io.taskq.TaskDefinition;
import io.taskq.bench.BenchTasks.Latency;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;

/** {@code taskq bench latency}: a steady submit rate against an idle worker. */
@Command(name = "latency", mixinStandardHelpOptions = true,
    description = "Submits R tasks/s one at a time for D while a worker runs them; reports"
        + " enqueue-to-start latency (p50, p99, max in ms), measured by the handler from the"
        + " submit time in the payload.")
final class LatencyScenario extends LatencyWorkerScenario {
  @Override
  String name() {
    return "latency";
  }

  @Override
  void validate() {
    super.validate();
    if (!(pace.rate > 0)) {
      throw new ParameterException(spec.commandLine(), "--rate must be > 0, was " + pace.rate);
    }
  }

  @Override
  Map<String, Object> submit(TaskClient client, TaskDefinition<Latency> task, Completions done,
      Report report) {
    report.parameter("rate", pace.rate).parameter("duration", pace.duration.toString())
        .parameter("concurrency", concurrency).parameter("warmup", warmup);
    long n = Math.max(1, (long) (pace.rate * pace.duration.toNanos() / 1e9));
    long t0 = System.nanoTime();
    for (long i = 0; i < n; i++) {
      pace.awaitTurn(t0, i);
      client.submit(task, Latency.now());
    }
    double s = secondsSince(t0, System.nanoTime());
    done.await(n, BenchRun.timeoutFor(n), queue());
    return report.row("rate", pace.rate, "submitted", n, "processed", done.count(),
        "achievedRate", Report.round(n / s, 1));
  }
}

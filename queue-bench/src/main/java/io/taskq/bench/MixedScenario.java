package io.taskq.bench;

import io.taskq.TaskClient;
import io.taskq.TaskDefinition;
import io.taskq.bench.BenchTasks.Latency;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;

/** {@code taskq bench mixed}: one submitter and one worker at once. */
@Command(name = "mixed", mixinStandardHelpOptions = true,
    description = "Submits one task at a time for D, at R tasks/s or flat out (--rate 0),"
        + " while a worker runs them; reports enqueue/s, process/s during D, and latency.")
final class MixedScenario extends LatencyWorkerScenario {
  @Override
  String name() {
    return "mixed";
  }

  @Override
  void validate() {
    super.validate();
    if (pace.rate < 0) {
      throw new ParameterException(spec.commandLine(), "--rate must be >= 0, was " + pace.rate);
    }
  }

  @Override
  Map<String, Object> submit(TaskClient client, TaskDefinition<Latency> task, Completions done,
      Report report) {
    boolean flatOut = pace.rate == 0;
    Object rate = flatOut ? "flat-out" : pace.rate;
    report.parameter("rate", rate).parameter("duration", pace.duration.toString())
        .parameter("concurrency", concurrency).parameter("warmup", warmup);
    long t0 = System.nanoTime();
    long end = t0 + pace.duration.toNanos();
    long n = 0;
    while (System.nanoTime() < end) {
      if (!flatOut) {
        pace.awaitTurn(t0, n);
        if (System.nanoTime() >= end) {
          break;
        }
      }
      client.submit(task, Latency.now());
      n++;
    }
    long windowEnd = System.nanoTime();
    long inWindow = done.count();
    double s = secondsSince(t0, windowEnd);
    long drained = done.await(n, BenchRun.timeoutFor(n), queue());
    return report.row("rate", rate, "submitted", n, "processed", done.count(),
        "enqueuePerSecond", Report.round(n / s, 1),
        "processPerSecond", Report.round(inWindow / s, 1),
        "drainSeconds", Report.round(Math.max(0, drained - windowEnd) / 1e9, 3));
  }
}

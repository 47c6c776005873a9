package io.taskq.bench;

import io.taskq.TaskClient;
import io.taskq.TaskDefinition;
import io.taskq.TaskOptions;
import io.taskq.bench.BenchTasks.Noop;
import io.taskq.config.TaskqConfig;
import java.util.Collections;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code taskq bench enqueue}: N single submits, then N in bulk (typed and JSON). */
@Command(name = "enqueue", mixinStandardHelpOptions = true,
    description = "Submits N no-op tasks one at a time (submit), then N in chunks (submitAll,"
        + " submitAllJson); reports tasks/s of each. No worker runs.")
final class EnqueueScenario extends Scenario {
  @Option(names = {"-n", "--tasks"}, paramLabel = "N", defaultValue = "20000",
      description = "tasks per mode (default 20000)")
  int tasks;

  @Option(names = "--bulk", paramLabel = "B", defaultValue = "1000",
      description = "tasks per submitAll call (default 1000)")
  int bulk;

  @Override
  String name() {
    return "enqueue";
  }

  @Override
  void validate() {
    atLeast("--tasks", tasks, 1);
    atLeast("--bulk", bulk, 1);
  }

  @Override
  void run(TaskqConfig config, Report report) {
    report.parameter("tasks", tasks).parameter("bulk", bulk).parameter("warmup", warmup);
    try (BenchRun run = BenchRun.open(config, queue(), 1)) {
      TaskClient client = run.client();
      TaskDefinition<Noop> task = BenchTasks.noop(queue());
      Noop noop = new Noop();
      TaskOptions json = TaskOptions.builder().queue(queue()).build();
      List<String> args = Collections.nCopies(bulk, "{}");
      if (warmup > 0) {
        for (int i = 0; i < Math.min(warmup, 1000); i++) {
          client.submit(task, noop);
        }
        run.fill(task, warmup, bulk);
        client.submitAllJson(BenchTasks.NOOP_NAME, args.subList(0, Math.min(bulk, warmup)), json);
        run.clean();
      }

      long t0 = System.nanoTime();
      for (int i = 0; i < tasks; i++) {
        client.submit(task, noop);
      }
      row(report, run, "submit", t0);

      t0 = System.nanoTime();
      run.fill(task, tasks, bulk);
      row(report, run, "submitAll", t0);

      t0 = System.nanoTime();
      for (int sent = 0; sent < tasks; sent += bulk) {
        client.submitAllJson(BenchTasks.NOOP_NAME, args.subList(0, Math.min(bulk, tasks - sent)),
            json);
      }
      row(report, run, "submitAllJson", t0);
    }
  }

  /** Adds the row of one mode, checks what landed, and empties the queue for the next. */
  private void row(Report report, BenchRun run, String mode, long startNanos) {
    double s = secondsSince(startNanos, System.nanoTime());
    long queued = run.pending();
    report.row("mode", mode, "tasks", (long) tasks, "queued", queued,
        "seconds", Report.round(s, 3), "tasksPerSecond", Report.round(tasks / s, 1));
    run.clean();
  }
}

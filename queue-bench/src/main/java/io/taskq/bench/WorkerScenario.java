package io.taskq.bench;

import io.taskq.TaskDefinition;
import io.taskq.bench.BenchTasks.Noop;
import io.taskq.worker.Worker;
import picocli.CommandLine.Option;

/** A scenario that runs a worker in the bench process. */
abstract class WorkerScenario extends Scenario {
  @Option(names = {"-c", "--concurrency"}, paramLabel = "C", defaultValue = "16",
      description = "tasks the worker runs at once (default 16)")
  int concurrency;

  @Override
  void validate() {
    atLeast("--concurrency", concurrency, 1);
  }

  /** A worker (not started) on the run's queue whose no-op task counts into {@code done}. */
  static Worker noopWorker(BenchRun run, TaskDefinition<Noop> task, Completions done) {
    return noopWorker(run.worker(), task, done);
  }

  /** {@code builder} with the no-op task that counts into {@code done}, built. */
  static Worker noopWorker(Worker.Builder builder, TaskDefinition<Noop> task,
      Completions done) {
    return builder.register(task, (p, ctx) -> {
      done.done();
      return null;
    }).build();
  }
}

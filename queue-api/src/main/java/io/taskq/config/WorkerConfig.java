package io.taskq.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a worker process.
 *
 * @param shutdownGrace how long running tasks may finish after SIGTERM before they are
 *     interrupted and returned to pending (default 10 s)
 * @param logOutcomes log one INFO line per task outcome (default true; benchmarks turn it off)
 */
public record WorkerConfig(Duration shutdownGrace, boolean logOutcomes) {

  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(10);
  public static final WorkerConfig DEFAULT = new WorkerConfig(DEFAULT_SHUTDOWN_GRACE, true);

  public WorkerConfig {
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    if (shutdownGrace.isNegative()) {
      throw new IllegalArgumentException("worker.shutdownGrace must be >= 0, was " + shutdownGrace);
    }
  }
}

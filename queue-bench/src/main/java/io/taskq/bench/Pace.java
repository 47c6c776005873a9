package io.taskq.bench;

import io.taskq.inspect.DurationOption;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Option;

/** {@code --rate} and {@code --duration}: submissions at a steady rate for a while. */
final class Pace {
  @Option(names = "--rate", paramLabel = "R", defaultValue = "200",
      description = "tasks submitted per second (default 200; mixed: 0 submits flat out)")
  double rate;

  @Option(names = "--duration", paramLabel = "D", defaultValue = "10s",
      converter = DurationOption.class,
      description = "how long to submit, e.g. 20s or 1m (default 10s)")
  Duration duration;

  /** Waits until the {@code i}-th submission is due, counted from {@code startNanos}. */
  void awaitTurn(long startNanos, long i) {
    long at = startNanos + (long) (i * 1e9 / rate);
    long wait;
    while ((wait = at - System.nanoTime()) > 0) {
      LockSupport.parkNanos(wait);
    }
  }
}

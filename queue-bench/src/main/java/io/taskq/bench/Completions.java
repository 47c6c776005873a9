package io.taskq.bench;

import io.taskq.TaskqException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Counts handler runs and notes the instant the run count reached a target, so a waiting
 * benchmark measures the last task exactly however coarsely it polls. Thread-safe.
 */
final class Completions {
  private static final long POLL_NANOS = 1_000_000;

  private final AtomicLong count = new AtomicLong();
  private volatile long target;
  private volatile long reachedAt;

  Completions(long target) {
    this.target = target;
  }

  /** Called by a handler. */
  void done() {
    long c = count.incrementAndGet();
    if (c == target) {
      reachedAt = System.nanoTime();
    }
  }

  long count() {
    return count.get();
  }

  /**
   * Waits until {@code n} handlers ran and returns the {@link System#nanoTime()} when the n-th
   * did (or now, when it was reached before the target was set).
   *
   * @throws TaskqException when they do not run within {@code timeout}
   */
  long await(long n, Duration timeout, String queue) {
    target = n;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (count.get() < n) {
      if (System.nanoTime() - deadline > 0) {
        throw new TaskqException("only " + count.get() + " of " + n + " bench tasks ran within "
            + timeout.toSeconds() + " s on queue " + queue + "; is another worker serving it?");
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
    long at = reachedAt;
    return at != 0 ? at : System.nanoTime();
  }
}

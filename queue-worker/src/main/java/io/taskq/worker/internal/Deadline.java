package io.taskq.worker.internal;

import io.taskq.worker.TimeSource;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A point in a {@link TimeSource}'s monotonic time. Waits for it sleep at most {@link #RECHECK} in
 * real time before reading the source again, so a manual source that a test advances ends them at
 * once, and the system source ends them on time.
 */
final class Deadline {
  /** Longest real-time wait between two reads of the source. */
  static final Duration RECHECK = Duration.ofMillis(10);

  private final TimeSource time;
  private final long at;

  private Deadline(TimeSource time, long at) {
    this.time = time;
    this.at = at;
  }

  /** The deadline {@code d} from now. */
  static Deadline in(TimeSource time, Duration d) {
    return new Deadline(time, time.nanoTime() + d.toNanos());
  }

  /** Nanoseconds left, never negative. */
  long leftNanos() {
    return Math.max(0, at - time.nanoTime());
  }

  boolean passed() {
    return at - time.nanoTime() <= 0;
  }

  /** The real time to wait next: what is left, at most {@link #RECHECK}. */
  long nextWaitNanos() {
    return Math.min(leftNanos(), RECHECK.toNanos());
  }

  /**
   * Waits on {@code monitor} (which the caller holds, and which is notified when {@code done} may
   * have become true) until {@code done} or this deadline; true when {@code done}.
   */
  boolean await(Object monitor, BooleanSupplier done) throws InterruptedException {
    while (!done.getAsBoolean()) {
      long wait = nextWaitNanos();
      if (wait <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(monitor, wait);
    }
    return true;
  }

  /** Sleeps until {@code done} or this deadline, polling every {@code poll}; true when done. */
  boolean poll(Duration poll, BooleanSupplier done) throws InterruptedException {
    while (!done.getAsBoolean()) {
      if (passed()) {
        return false;
      }
      Thread.sleep(Duration.ofNanos(Math.min(poll.toNanos(), Math.max(1, nextWaitNanos()))));
    }
    return true;
  }
}

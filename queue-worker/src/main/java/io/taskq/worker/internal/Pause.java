package io.taskq.worker.internal;

import java.time.Duration;

/** Waits between retries of a failing broker call, doubling up to a cap. */
final class Pause {
  private static final Duration FIRST = Duration.ofMillis(50);
  private static final Duration MAX = Duration.ofSeconds(2);

  private Duration next = FIRST;

  /** Sleeps for the current delay and doubles it; false when interrupted (flag restored). */
  boolean sleep() {
    try {
      Thread.sleep(next);
      next = next.multipliedBy(2).compareTo(MAX) > 0 ? MAX : next.multipliedBy(2);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  void reset() {
    next = FIRST;
  }
}

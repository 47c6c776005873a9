package io.taskq.embedded;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The embedded broker's one lock, which makes each operation atomic, and the signal idle workers
 * wait on.
 */
final class BrokerMonitor {
  private static final long DELAYED_POLL_MS = 50;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition signal = lock.newCondition();
  private long signals;

  /** Runs {@code body} under the lock. */
  <T> T locked(Supplier<T> body) {
    lock.lock();
    try {
      return body.get();
    } finally {
      lock.unlock();
    }
  }

  /** Runs {@code body} under the lock. */
  void locked(Runnable body) {
    locked(() -> {
      body.run();
      return null;
    });
  }

  /** Wakes every {@link #await}; called under the lock. */
  void wake() {
    signals++;
    signal.signalAll();
  }

  /**
   * Called under the lock: waits until {@link #wake} is called, {@code ready} holds or
   * {@code deadlineNanos} (of {@link System#nanoTime}) passes. While {@code delayed} holds,
   * {@code ready} is re-checked every 50 ms at most, so delayed work is noticed on a clock that
   * moves without a signal. An interrupt ends the wait with false, the flag restored.
   *
   * @return true when woken or ready, false at the deadline
   */
  boolean await(BooleanSupplier ready, BooleanSupplier delayed, long deadlineNanos) {
    long seen = signals;
    while (true) {
      if (signals != seen || ready.getAsBoolean()) {
        return true;
      }
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      long wait = delayed.getAsBoolean()
          ? Math.min(left, TimeUnit.MILLISECONDS.toNanos(DELAYED_POLL_MS)) : left;
      try {
        signal.awaitNanos(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }
}

package io.taskq.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples the JVM's used heap every 50 ms on a daemon thread and keeps the largest value. The
 * bench runs worker and submitter in one JVM, so this is an upper bound of the worker's heap.
 */
final class HeapSampler implements AutoCloseable {
  private static final long PERIOD_MS = 50;

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final AtomicLong max = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;

  HeapSampler() {
    sample();
    thread = Thread.ofPlatform().daemon().name("taskq-bench-heap").start(this::loop);
  }

  private void loop() {
    while (running) {
      sample();
      try {
        Thread.sleep(PERIOD_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void sample() {
    long used = memory.getHeapMemoryUsage().getUsed();
    max.accumulateAndGet(used, Math::max);
  }

  /** The largest used heap seen so far, in MiB. */
  double maxMib() {
    sample();
    return max.get() / (1024.0 * 1024.0);
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}

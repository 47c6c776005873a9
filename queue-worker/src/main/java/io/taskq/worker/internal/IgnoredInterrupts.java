package io.taskq.worker.internal;

import io.taskq.worker.TimeSource;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handler threads interrupted at their hard time limit, watched until they return. One that has
 * not returned {@link #GRACE} after the interrupt ignored it: it is logged at WARN (task name and
 * id), counted ({@code taskq.tasks.interrupt.ignored}) and held in the {@code taskq.worker.stuck}
 * gauge until it returns, if ever. Its attempt already failed with
 * {@link io.taskq.TimeLimitExceededException} and its slot was freed at the limit, so the worker
 * goes on serving without it; the thread is abandoned (a JVM cannot stop it). Thread-safe.
 */
final class IgnoredInterrupts {
  private static final Logger log = LoggerFactory.getLogger(IgnoredInterrupts.class);
  /** How long an interrupted handler has to return before it counts as ignoring the interrupt. */
  static final Duration GRACE = Duration.ofSeconds(1);

  private static final class Watch {
    final String task;
    final long interruptedAt;
    boolean counted;

    Watch(String task, long interruptedAt) {
      this.task = task;
      this.interruptedAt = interruptedAt;
    }
  }

  private final Map<RunningTask, Watch> watched = new HashMap<>();
  private final WorkerEvents events;
  private final TimeSource time;

  IgnoredInterrupts(WorkerEvents events, TimeSource time) {
    this.events = events;
    this.time = time;
  }

  /**
   * Watches the handler of {@code t} (task name {@code taskName}), interrupted now at its hard
   * limit, unless it has returned already.
   */
  synchronized void watch(RunningTask t, String taskName) {
    if (!t.handlerLeft()) { // leaveHandler happens before returned(t): no watch is left behind
      watched.put(t, new Watch(taskName, time.nanoTime()));
    }
  }

  /** Counts and logs the watched handlers that are still running {@link #GRACE} after. */
  synchronized void check(long nanoTime) {
    for (Map.Entry<RunningTask, Watch> e : watched.entrySet()) {
      Watch w = e.getValue();
      if (!w.counted && nanoTime - w.interruptedAt >= GRACE.toNanos()) {
        w.counted = true;
        RunningTask t = e.getKey();
        events.interruptIgnored(t.claim().queue(), w.task);
        log.warn("Task {} {} on queue {} ignored the interrupt at its hard time limit: its"
            + " handler thread still runs {} later. The attempt failed with"
            + " TimeLimitExceededException and its slot is free; the thread is abandoned and"
            + " counted in taskq.worker.stuck until it returns (make the handler stop on"
            + " interrupts or TaskContext.isCancelled())", w.task, t.id(), t.claim().queue(),
            GRACE);
      }
    }
  }

  /** The handler of {@code t} returned (after {@link RunningTask#leaveHandler}). */
  synchronized void returned(RunningTask t) {
    Watch w = watched.remove(t);
    if (w != null && w.counted) {
      events.stuckReturned(t.claim().queue(), w.task);
      log.info("Task {} {} on queue {}: the handler thread that ignored the interrupt at its hard"
          + " time limit returned at last", w.task, t.id(), t.claim().queue());
    }
  }
}

package io.taskq.worker.internal;

import io.taskq.QueueConfig;
import io.taskq.worker.TimeSource;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the running tasks against their soft and hard time limits on one background thread, every
 * {@link #period()}: one sweep over the running tasks replaces a timer per task, which cost a
 * scheduling call, a cancellation and often a wake-up of the timer thread for every task (4 % of a
 * no-op worker's CPU samples).
 *
 * <p>A limit action that throws is logged (at most once a minute per distinct error) and the
 * sweep goes on with the other tasks; a sweep that throws is logged and the next one runs on time
 * (a periodic executor would stop for good at the first exception, silently, and no task would
 * ever time out again).
 */
final class TimeLimitSweep implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TimeLimitSweep.class);
  static final Duration MIN = Duration.ofMillis(10);
  static final Duration MAX = Duration.ofSeconds(1);

  private final Supplier<Collection<RunningTask>> tasks;
  private final LongConsumer after;
  private final TimeSource time;
  private final ErrorThrottle errors;
  private final Ticker ticker;
  private final AtomicLong periodNanos;

  /**
   * @param tasks the running tasks to check
   * @param after runs at the end of every sweep with its {@code nanoTime}
   * @param period the first period (see {@link #periodFor})
   */
  TimeLimitSweep(Supplier<Collection<RunningTask>> tasks, LongConsumer after, TimeSource time,
      Duration period) {
    this.tasks = tasks;
    this.after = after;
    this.time = time;
    this.errors = new ErrorThrottle(time);
    // a health of its own: a sweep makes no broker call, so it must not report the broker up
    this.ticker = new Ticker("taskq-time-limit", new BrokerHealth(), time);
    this.periodNanos = new AtomicLong(clamp(period).toNanos());
  }

  /**
   * A twentieth of the shortest limit (hard or soft) of {@code queues}, between 10 ms and 1 s: a
   * task is stopped at most this long after its limit.
   */
  static Duration periodFor(List<QueueConfig> queues) {
    Duration shortest = queues.stream()
        .flatMap(q -> Stream.of(q.timeLimit(), q.softTimeLimit())).filter(Objects::nonNull)
        .min(Duration::compareTo).orElse(MAX);
    return clamp(shortest.dividedBy(20));
  }

  private static Duration clamp(Duration d) {
    return d.compareTo(MIN) < 0 ? MIN : d.compareTo(MAX) > 0 ? MAX : d;
  }

  /** The time between two sweeps now. */
  Duration period() {
    return Duration.ofNanos(periodNanos.get());
  }

  void start() {
    ticker.adaptive(period(), () -> {
      sweep();
      return period();
    });
  }

  /**
   * Makes the sweep frequent enough for a per-task {@code limit} shorter than its queue's: a
   * twentieth of it (at least 10 ms) from now on; the period never grows back.
   */
  void fitTo(Duration limit) {
    long wanted = clamp(limit.dividedBy(20)).toNanos();
    long before = periodNanos.getAndAccumulate(wanted, Math::min);
    if (wanted < before) {
      ticker.once(Duration.ofNanos(wanted), this::sweep); // the next sweep may be a period away
    }
  }

  /** One pass over the running tasks: runs every limit action that is due. */
  void sweep() {
    long now = time.nanoTime();
    for (RunningTask t : tasks.get()) {
      Runnable action = t.overdue(now);
      if (action == null) {
        continue;
      }
      try {
        action.run();
      } catch (RuntimeException e) {
        int repeats = errors.occurred(e);
        if (repeats >= 0) {
          log.error("The time limit of task {} on queue {} could not be enforced{}; the other"
              + " tasks are checked on", t.id(), t.claim().queue(),
              repeats == 0 ? "" : " (" + repeats + " more such failures in the last minute)", e);
        }
      }
    }
    after.accept(now);
  }

  @Override
  public void close() {
    ticker.close();
  }
}

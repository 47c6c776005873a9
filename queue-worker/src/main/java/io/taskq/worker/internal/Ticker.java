package io.taskq.worker.internal;

import io.taskq.BrokerRefusedException;
import io.taskq.BrokerUnavailableException;
import io.taskq.worker.TimeSource;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One named thread running periodic jobs of a background component. A failing job is logged and
 * runs again at its next tick; a broker outage is reported to {@link BrokerHealth} instead.
 */
final class Ticker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Ticker.class);

  private final ScheduledExecutorService executor;
  private final BrokerHealth health;
  private final ErrorThrottle errors;

  /** @param time the source of the log throttle's period (ticks run in real time) */
  Ticker(String threadName, BrokerHealth health, TimeSource time) {
    this.errors = new ErrorThrottle(time);
    this.executor = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name(threadName).daemon(true).factory());
    this.health = health;
  }

  void every(Duration period, boolean runNow, Runnable job) {
    long ms = Math.max(1, period.toMillis());
    executor.scheduleWithFixedDelay(() -> runSafely(() -> {
      job.run();
      return period;
    }, period), runNow ? 0 : ms, ms, TimeUnit.MILLISECONDS);
  }

  /**
   * Runs {@code job} now and then again after the delay each run returns; after a failed run, again
   * after {@code onFailure}.
   */
  void adaptive(Duration onFailure, Supplier<Duration> job) {
    executor.execute(() -> runAdaptive(onFailure, job));
  }

  /** Runs {@code job} once after {@code delay}; a failure is logged like a periodic job's. */
  void once(Duration delay, Runnable job) {
    try {
      executor.schedule(() -> runSafely(() -> {
        job.run();
        return delay;
      }, delay), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closed meanwhile
    }
  }

  private void runAdaptive(Duration onFailure, Supplier<Duration> job) {
    Duration next = runSafely(job, onFailure);
    try {
      executor.schedule(() -> runAdaptive(onFailure, job), Math.max(1, next.toMillis()),
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closed meanwhile
    }
  }

  /** Runs {@code job}, returning what it returns, or {@code onFailure} when it failed. */
  private Duration runSafely(Supplier<Duration> job, Duration onFailure) {
    try {
      Duration next = job.get();
      health.up();
      return next;
    } catch (BrokerUnavailableException e) {
      if (!executor.isShutdown()) { // else the call was interrupted by close(), not an outage
        health.down(e);
      }
    } catch (RuntimeException e) {
      int repeats = executor.isShutdown() ? -1 : errors.occurred(e);
      if (repeats >= 0 && e instanceof BrokerRefusedException) { // Redis full, a broken key
        log.warn("Background job refused by Redis{}; it runs again at its next tick: {}",
            repeats == 0 ? "" : " (" + repeats + " more times in the last minute)", e.getMessage());
      } else if (repeats == 0) {
        log.error("Background job failed; it runs again at its next tick", e);
      } else if (repeats > 0) {
        log.error("Background job failed {} more times in the last minute; it runs again at its"
            + " next tick: {}", repeats, e.getMessage());
      }
    }
    return onFailure;
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

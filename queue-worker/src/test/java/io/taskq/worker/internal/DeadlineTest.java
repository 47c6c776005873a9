package io.taskq.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskq.embedded.ManualClock;
import io.taskq.worker.TimeSource;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Waits on a deadline of the worker's time source end as that source moves, not real time. */
class DeadlineTest {
  private final ManualClock clock = new ManualClock();
  private final TimeSource time = TimeSource.of(clock);
  private final Object monitor = new Object();

  private CompletableFuture<Boolean> awaitOnMonitor(Deadline d, AtomicBoolean done) {
    return CompletableFuture.supplyAsync(() -> {
      synchronized (monitor) {
        try {
          return d.await(monitor, done::get);
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }
    });
  }

  @Test
  void aWaitOutlastsRealTimeAndEndsFalseOnceTheSourcePassesTheDeadline() throws Exception {
    Deadline d = Deadline.in(time, Duration.ofSeconds(30));
    CompletableFuture<Boolean> waiting = awaitOnMonitor(d, new AtomicBoolean());

    await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(2))
        .until(() -> !waiting.isDone());
    clock.advance(Duration.ofSeconds(29));
    assertThat(d.passed()).isFalse();
    clock.advance(Duration.ofSeconds(1));

    assertThat(waiting.get(5, TimeUnit.SECONDS)).isFalse();
    assertThat(d.passed()).isTrue();
  }

  @Test
  void aWaitEndsTrueWhenItsConditionHoldsBeforeTheDeadline() throws Exception {
    AtomicBoolean done = new AtomicBoolean();
    CompletableFuture<Boolean> waiting = awaitOnMonitor(Deadline.in(time, Duration.ofHours(1)),
        done);
    synchronized (monitor) {
      done.set(true);
      monitor.notifyAll();
    }

    assertThat(waiting.get(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void pollingEndsAtTheDeadlineOfTheSource() throws Exception {
    Deadline d = Deadline.in(time, Duration.ofSeconds(5));
    CompletableFuture<Boolean> polling = CompletableFuture.supplyAsync(() -> {
      try {
        return d.poll(Duration.ofMillis(2), () -> false);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    clock.advance(Duration.ofSeconds(5));

    assertThat(polling.get(5, TimeUnit.SECONDS)).isFalse();
  }
}

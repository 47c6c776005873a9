package io.taskq.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskq.QueueConfig;
import io.taskq.embedded.ManualClock;
import io.taskq.spi.ClaimedTask;
import io.taskq.worker.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** How often running tasks are checked against their hard time limit. */
class TimeLimitSweepTest {
  private static QueueConfig limit(String name, Duration d) {
    return QueueConfig.builder(name).timeLimit(d).build();
  }

  @Test
  void aTwentiethOfTheShortestLimit() {
    assertThat(TaskRunner.sweepPeriod(List.of(limit("a", Duration.ofSeconds(2)),
        limit("b", Duration.ofMillis(400))))).isEqualTo(Duration.ofMillis(20));
  }

  @Test
  void neverMoreOftenThan10MsNorLessThanOnceASecond() {
    assertThat(TaskRunner.sweepPeriod(List.of(limit("a", Duration.ofMillis(50)))))
        .isEqualTo(Duration.ofMillis(10));
    assertThat(TaskRunner.sweepPeriod(List.of(limit("a", Duration.ofMinutes(30)))))
        .isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void anArmedLimitIsOverdueOnlyOnceItsSourcePassedTheLimitAndNotOnceCancelled() {
    ManualClock clock = new ManualClock();
    TimeSource time = TimeSource.of(clock);
    RunningTask t = new RunningTask(new ClaimedTask("a", "t1", "{}", "tok", Instant.EPOCH,
        Instant.EPOCH, 0), limit("a", Duration.ofSeconds(1)), time);
    Runnable action = () -> { };
    assertThat(t.start()).isTrue();
    t.armTimeLimit(Duration.ofSeconds(1), action);

    clock.advance(Duration.ofMillis(999));
    assertThat(t.overdue(time.nanoTime())).isNull();
    assertThat(t.elapsedMillis()).isEqualTo(999);
    clock.advance(Duration.ofMillis(1));
    assertThat(t.overdue(time.nanoTime())).isSameAs(action);
    t.cancelTimeLimit();
    assertThat(t.overdue(time.nanoTime())).isNull();
  }

  @Test
  void aSoftLimitCountsInThePeriod() {
    assertThat(TaskRunner.sweepPeriod(List.of(QueueConfig.builder("a")
        .timeLimit(Duration.ofSeconds(10)).softTimeLimit(Duration.ofMillis(600)).build())))
        .isEqualTo(Duration.ofMillis(30));
  }

  @Test
  void theSoftLimitIsHandedOutOnceAndTheHardLimitWinsOnceDue() {
    ManualClock clock = new ManualClock();
    TimeSource time = TimeSource.of(clock);
    RunningTask t = task("t1", time);
    Runnable hard = () -> { };
    Runnable soft = () -> { };
    assertThat(t.start()).isTrue();
    t.armTimeLimit(Duration.ofSeconds(2), hard);
    t.armSoftLimit(Duration.ofSeconds(1), soft);

    assertThat(t.overdue(time.nanoTime())).isNull();
    clock.advance(Duration.ofSeconds(1));
    assertThat(t.overdue(time.nanoTime())).isSameAs(soft);
    assertThat(t.overdue(time.nanoTime())).isNull(); // once
    clock.advance(Duration.ofSeconds(1));
    assertThat(t.overdue(time.nanoTime())).isSameAs(hard);
  }

  @Test
  void cancelSetsTheFlagAndInterruptsOnlyWhileTheHandlerRuns() {
    RunningTask t = task("t1", TimeSource.of(new ManualClock()));
    assertThat(t.start()).isTrue(); // on this thread
    assertThat(t.cancel()).isTrue();
    assertThat(t.isCancelled()).isTrue();
    assertThat(Thread.interrupted()).isTrue();
    t.leaveHandler();
    assertThat(t.cancel()).isFalse();
    assertThat(Thread.interrupted()).isFalse();
  }

  @Test
  void theSweepGoesOnAfterAFailingSweepAndAFailingLimitAction() {
    ManualClock clock = new ManualClock();
    TimeSource time = TimeSource.of(clock);
    RunningTask broken = task("broken", time);
    RunningTask fine = task("fine", time);
    broken.start();
    fine.start();
    AtomicInteger stopped = new AtomicInteger();
    broken.armTimeLimit(Duration.ofSeconds(1), () -> {
      throw new IllegalStateException("a limit action that fails");
    });
    fine.armTimeLimit(Duration.ofSeconds(1), () -> {
      stopped.incrementAndGet();
      fine.cancelTimeLimit();
    });
    List<RunningTask> running = new CopyOnWriteArrayList<>(List.of(broken, fine));
    AtomicInteger sweeps = new AtomicInteger();
    Supplier<Collection<RunningTask>> tasks = () -> {
      if (sweeps.incrementAndGet() <= 2) {
        throw new IllegalStateException("a sweep that fails"); // twice: no periodic run left
      }
      return running;
    };
    AtomicInteger afterSweeps = new AtomicInteger();
    try (TimeLimitSweep sweep = new TimeLimitSweep(tasks, now -> afterSweeps.incrementAndGet(),
        time, Duration.ofMillis(10))) {
      sweep.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> sweeps.get() > 3);
      assertThat(stopped).hasValue(0);

      clock.advance(Duration.ofSeconds(1)); // both are due: the broken one first in the list

      await().atMost(Duration.ofSeconds(10)).until(() -> stopped.get() == 1);
      int after = afterSweeps.get();
      await().atMost(Duration.ofSeconds(10)).until(() -> afterSweeps.get() > after + 2);
    }
  }

  private static RunningTask task(String id, TimeSource time) {
    return new RunningTask(new ClaimedTask("a", id, "{}", "tok-" + id, Instant.EPOCH,
        Instant.EPOCH, 0), limit("a", Duration.ofSeconds(1)), time);
  }
}

package io.taskq.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskq.QueueConfig;
import io.taskq.embedded.ManualClock;
import io.taskq.spi.ClaimedTask;
import io.taskq.worker.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
}

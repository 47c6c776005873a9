package io.taskq.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskq.QueueConfig;
import java.time.Duration;
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
  void anArmedLimitIsOverdueOnlyPastItsDeadlineAndNotOnceCancelled() {
    RunningTask t = new RunningTask(new io.taskq.spi.ClaimedTask("a", "t1", "{}", "tok",
        java.time.Instant.EPOCH, java.time.Instant.EPOCH, 0), limit("a", Duration.ofSeconds(1)));
    Runnable action = () -> { };
    long before = System.nanoTime();
    t.armTimeLimit(Duration.ofSeconds(1), action);
    assertThat(t.overdue(before)).isNull();
    assertThat(t.overdue(before + Duration.ofSeconds(2).toNanos())).isSameAs(action);
    t.cancelTimeLimit();
    assertThat(t.overdue(before + Duration.ofSeconds(2).toNanos())).isNull();
  }
}

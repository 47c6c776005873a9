package io.taskq.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskq.Health;
import io.taskq.QueueStats;
import io.taskq.WorkerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code taskq health} prints {@code Inspector.health} one check a line, in checking order. */
class HealthCommandTest {
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  private static QueueStats stats(String q, long pending, boolean paused) {
    return new QueueStats(q, pending, 0, 0, 0, 0, 0, 0, 0, Duration.ZERO, paused);
  }

  @Test
  void printsEveryPartOfTheHealthInCheckingOrder() {
    Health health = new Health(
        new Health.BrokerCheck("redis://h:6379/0", Duration.ofMillis(3),
            List.of("Redis is out of memory (used_memory 9 of maxmemory 8): free memory"), null),
        List.of(new Health.QueueHealth("a", stats("a", 3, false), 0, List.of(), null),
            new Health.QueueHealth("b", stats("b", 2, true), 1, List.of(), null),
            new Health.QueueHealth("c", null, 0, List.of("key taskq:{c}:pending holds a string"),
                "WRONGTYPE")),
        List.of(new WorkerStatus("w-1", "h", 1, List.of("a"), 4, 0, T0, T0, false)),
        List.of(new Health.Problem("workers", "key taskq:workers holds a list")));

    assertThat(HealthCommand.checks(health)).extracting(HealthCommand.Check::line).containsExactly(
        "OK redis redis://h:6379/0: answered in 3 ms",
        "DEGRADED workers: key taskq:workers holds a list",
        "DEGRADED redis: Redis is out of memory (used_memory 9 of maxmemory 8): free memory",
        "DEGRADED queue a: 3 pending and no live worker",
        "OK queue b: 2 pending, 1 live worker(s), paused",
        "DEGRADED queue c: key taskq:{c}:pending holds a string",
        "DEGRADED worker w-1: last heartbeat 2030-01-01T00:00:00Z");
    assertThat(health.status()).isEqualTo(Health.Status.DEGRADED);
  }

  @Test
  void anUnreachableBrokerIsOneDownLine() {
    Health health = Health.down("redis://h:1/0", "Redis at h:1 unreachable");

    assertThat(HealthCommand.checks(health)).extracting(HealthCommand.Check::line)
        .containsExactly("DOWN redis redis://h:1/0: Redis at h:1 unreachable");
    assertThat(health.status()).isEqualTo(Health.Status.DOWN);
  }
}

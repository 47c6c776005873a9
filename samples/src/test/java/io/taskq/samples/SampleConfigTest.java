package io.taskq.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskq.Backoff;
import io.taskq.QueueConfig;
import io.taskq.config.ConfigLoader;
import io.taskq.config.TaskqConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** samples/taskq.yaml loads strictly and carries the policies of the design's queue table. */
class SampleConfigTest {
  // the tests run in samples/; unknown keys would fail the load
  private static final TaskqConfig CONFIG =
      ConfigLoader.create().env(Map.of()).file(Path.of("taskq.yaml")).load();

  @Test
  void definesExactlyTheSixSampleQueues() {
    assertThat(CONFIG.queues()).containsOnlyKeys(
        "email", "reports", "exports", "analytics", "backup", "default");
  }

  @ParameterizedTest(name = "{0}: {1} retries, base {2} s")
  @CsvSource({
      "email,     3, 60",
      "reports,   3, 300",
      "exports,   2, 300",
      "analytics, 1, 60",
      "backup,    2, 300",
      "default,   3, 10"})
  void retriesExponentiallyFromTheBaseDelayCappedAtOneHour(String queue, int maxRetries,
      long baseSeconds) {
    QueueConfig q = CONFIG.queue(queue);
    Backoff backoff = withoutJitter(q.retry().backoff());

    assertThat(q.retry().maxRetries()).isEqualTo(maxRetries);
    assertThat(backoff.delay(1)).isEqualTo(Duration.ofSeconds(baseSeconds));
    assertThat(backoff.delay(2)).isEqualTo(Duration.ofSeconds(baseSeconds * 2));
    assertThat(backoff.delay(3)).isEqualTo(Duration.ofSeconds(baseSeconds * 4));
    assertThat(backoff.delay(20)).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void longJobsHaveLongTimeLimits() {
    assertThat(CONFIG.queue("exports").timeLimit()).isEqualTo(Duration.ofHours(1));
    assertThat(CONFIG.queue("backup").timeLimit()).isEqualTo(Duration.ofHours(2));
    assertThat(CONFIG.queue("backup").concurrency()).isEqualTo(1);
  }

  @Test
  void longJobsClaimForFreeSlotsOnlyAndShortOnesPrefetch() {
    for (String q : List.of("reports", "exports", "backup")) {
      assertThat(CONFIG.queue(q).prefetchCount()).as(q).isZero();
    }
    assertThat(CONFIG.queue("email").prefetchCount()).isEqualTo(32); // = its concurrency
  }

  @Test
  void everyQueueHasABoundedDeadLetterQueue() {
    for (QueueConfig q : CONFIG.queues().values()) {
      assertThat(q.dead().maxSize()).as(q.name()).isPositive();
      assertThat(q.dead().maxAge()).as(q.name()).isPositive();
    }
  }

  private static Backoff withoutJitter(Backoff backoff) {
    return backoff instanceof Backoff.Jittered j ? j.backoff() : backoff;
  }
}

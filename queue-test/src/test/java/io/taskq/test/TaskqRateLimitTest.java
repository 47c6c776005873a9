package io.taskq.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskq.QueueConfig;
import io.taskq.RateLimit;
import io.taskq.TaskDefinition;
import io.taskq.config.TaskqConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A queue's rate limit in the test kit follows the manual clock. */
class TaskqRateLimitTest {
  record Job(int n) {}

  static final TaskDefinition<Job> JOB = TaskDefinition.of("test.job", Job.class)
      .withQueue("limited");

  private final Taskq taskq = Taskq.create(TaskqConfig.DEFAULT.withQueue(
      QueueConfig.builder("limited").rateLimit(RateLimit.parse("2/s").withBurst(3)).build()));
  private final List<Integer> ran = new ArrayList<>();

  @AfterEach
  void close() {
    taskq.close();
  }

  @Test
  void runUntilIdleRunsWhatTheBucketAllowsAndTheClockRefillsIt() {
    taskq.register(JOB, job -> {
      ran.add(job.n());
    });
    for (int i = 0; i < 6; i++) {
      taskq.client().submit(JOB, new Job(i));
    }

    assertThat(taskq.runUntilIdle()).isEqualTo(3); // the burst
    assertThat(taskq.runUntilIdle()).isZero();
    taskq.advance(Duration.ofMillis(500)); // one token
    assertThat(taskq.runUntilIdle()).isEqualTo(1);
    taskq.advance(Duration.ofMinutes(1)); // the bucket holds 3 at most
    assertThat(taskq.runUntilIdle()).isEqualTo(2);
    assertThat(ran).containsExactly(0, 1, 2, 3, 4, 5);
  }
}

package io.taskq.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskq.Backoff;
import io.taskq.QueueConfig;
import io.taskq.TimeLimitExceededException;
import io.taskq.config.TaskqConfig;
import io.taskq.RetryPolicy;
import io.taskq.TaskDefinition;
import io.taskq.TaskHandle;
import io.taskq.TaskOptions;
import io.taskq.TaskState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TaskqHarnessTest {
  record Job(int n) {}

  static final TaskDefinition<Job> JOB = TaskDefinition.of("test.job", Job.class).withQueue("jobs");
  static final TaskDefinition<Job> FLAKY = TaskDefinition.of("test.flaky", Job.class)
      .withQueue("jobs")
      .withRetry(RetryPolicy.builder().maxRetries(3).backoff(Backoff.fixed(Duration.ZERO)).build());
  static final TaskDefinition<Job> SLOW_RETRY = TaskDefinition.of("test.slowRetry", Job.class)
      .withQueue("jobs")
      .withRetry(RetryPolicy.builder().maxRetries(1).backoff(Backoff.fixed(Duration.ofMinutes(1)))
          .build());

  private final Taskq taskq = Taskq.create();
  private final List<Integer> ran = new ArrayList<>();

  @AfterEach
  void close() {
    taskq.close();
  }

  @Test
  void runUntilIdleRunsTasksThatHandlersSubmitToo() {
    taskq.register(JOB, job -> {
      ran.add(job.n());
      if (job.n() < 3) {
        taskq.client().submit(JOB, new Job(job.n() + 1));
      }
    });
    taskq.client().submit(JOB, new Job(1));

    assertThat(taskq.runUntilIdle()).isEqualTo(3);
    assertThat(ran).containsExactly(1, 2, 3);
  }

  @Test
  void runUntilIdleRunsRetriesThatFallDueAtOnce() {
    AtomicInteger attempts = new AtomicInteger();
    taskq.register(FLAKY, job -> {
      if (attempts.incrementAndGet() < 3) {
        throw new IllegalStateException("not yet");
      }
    });
    taskq.client().submit(FLAKY, new Job(1));

    assertThat(taskq.runUntilIdle()).isEqualTo(3);
    TaskqAssertions.assertThat(taskq).queue("jobs").hasSucceeded(1).hasNothingLeftToRun();
  }

  @Test
  void aRetryWaitsForItsWholeBackoff() {
    taskq.register(SLOW_RETRY, job -> {
      throw new IllegalStateException("down");
    });
    taskq.client().submit(SLOW_RETRY, new Job(1));
    taskq.runUntilIdle();

    assertThat(taskq.advance(Duration.ofSeconds(59)).runUntilIdle()).isZero();
    TaskqAssertions.assertThat(taskq).queue("jobs").hasRetrying(1);
    assertThat(taskq.advance(Duration.ofSeconds(1)).runUntilIdle()).isEqualTo(1);
    TaskqAssertions.assertThat(taskq).queue("jobs").hasRetrying(0).hasDead(1);
  }

  @Test
  void advanceMovesTheClockAndRunsNothing() {
    taskq.register(JOB, job -> ran.add(job.n()));
    taskq.client().submit(JOB, new Job(1));

    taskq.advance(Duration.ofHours(2));

    assertThat(taskq.now()).isEqualTo(Taskq.START.plus(Duration.ofHours(2)));
    assertThat(ran).isEmpty();
    TaskqAssertions.assertThat(taskq).queue("jobs").hasPending(1);
    assertThatThrownBy(() -> taskq.advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("forward");
  }

  @Test
  void runsTasksSubmittedToAnotherQueueThanTheirDefinitions() {
    taskq.register(JOB, job -> ran.add(job.n()));
    taskq.client().submit(JOB, new Job(7), TaskOptions.builder().queue("urgent").build());

    taskq.runUntilIdle();

    assertThat(ran).containsExactly(7);
    TaskqAssertions.assertThat(taskq).queue("urgent").hasSucceeded(1);
  }

  @Test
  void skipsPausedQueues() {
    taskq.register(JOB, job -> ran.add(job.n()));
    taskq.client().submit(JOB, new Job(1));
    taskq.inspector().pause("jobs");

    assertThat(taskq.runUntilIdle()).isZero();
    taskq.inspector().resume("jobs");
    assertThat(taskq.runUntilIdle()).isEqualTo(1);
  }

  @Test
  void deadLettersATaskNoModuleRegistered() {
    TaskHandle handle = taskq.client().submit(JOB, new Job(1));

    taskq.runUntilIdle();

    TaskqAssertions.assertThat(taskq).task(handle).isDead();
  }

  @Test
  void stopsATaskThatResubmitsItselfWithoutEnd() {
    taskq.register(JOB, job -> {
      taskq.client().submit(JOB, job);
    });
    taskq.client().submit(JOB, new Job(1));
    taskq.maxRunsPerCall(50);

    assertThatThrownBy(taskq::runUntilIdle).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("still runnable after 50 attempts");
    TaskqAssertions.assertThat(taskq).queue("jobs").hasSucceeded(50).hasPending(1); // none held
  }

  @Test
  void aHandlerPastItsQueuesTimeLimitIsInterruptedAndItsFailureRecorded() {
    TaskqConfig config = TaskqConfig.DEFAULT.withQueue(QueueConfig.builder("jobs")
        .timeLimit(Duration.ofMillis(50)).build());
    try (Taskq limited = Taskq.create(config)) {
      limited.register(JOB, (job, ctx) -> {
        new CountDownLatch(1).await(); // blocks until the time limit interrupts it
        return null;
      });
      TaskHandle handle = limited.client().submit(JOB, new Job(1));

      assertThat(limited.runUntilIdle()).isEqualTo(1);
      TaskqAssertions.assertThat(limited).task(handle).hasState(TaskState.RETRY)
          .failedWith(TimeLimitExceededException.class);
    }
  }

  @Test
  void theTaskStateIsVisibleToTheInspector() {
    taskq.register(SLOW_RETRY, job -> {
      throw new IllegalStateException("down");
    });
    TaskHandle handle = taskq.client().submit(SLOW_RETRY, new Job(1));
    taskq.runUntilIdle();

    assertThat(taskq.inspector().task(handle.id())).get()
        .satisfies(t -> assertThat(t.state()).isEqualTo(TaskState.RETRY))
        .satisfies(t -> assertThat(t.dueAt()).isEqualTo(Taskq.START.plus(Duration.ofMinutes(1))));
  }
}

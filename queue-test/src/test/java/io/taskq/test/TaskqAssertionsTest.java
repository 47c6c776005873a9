package io.taskq.test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskq.TaskDefinition;
import io.taskq.TaskHandle;
import io.taskq.TaskOptions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TaskqAssertionsTest {
  record Job(int n) {}

  static final TaskDefinition<Job> JOB = TaskDefinition.of("test.job", Job.class).withQueue("jobs");

  private final Taskq taskq = Taskq.create();

  @AfterEach
  void close() {
    taskq.close();
  }

  @Test
  void queueCountsFailWithTheQueueAndWhatItHas() {
    taskq.client().submit(JOB, new Job(1));

    TaskqAssertions.assertThat(taskq).queue("jobs").hasPending(1).hasDead(0);
    assertThatThrownBy(() -> TaskqAssertions.assertThat(taskq).queue("jobs").hasDead(1))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expected queue jobs to have 1 dead task(s), but it has 0");
    assertThatThrownBy(() -> TaskqAssertions.assertThat(taskq).queue("jobs").hasNothingLeftToRun())
        .isInstanceOf(AssertionError.class).hasMessageContaining("1 pending");
  }

  @Test
  void scheduledAndSucceededAreCounted() {
    taskq.register(JOB, (job, ctx) -> null);
    taskq.client().submit(JOB, new Job(1),
        TaskOptions.builder().countdown(Duration.ofMinutes(1)).build());

    assertThatThrownBy(() -> TaskqAssertions.assertThat(taskq).queue("jobs").hasScheduled(0))
        .hasMessageContaining("but it has 1");
    taskq.advance(Duration.ofMinutes(1)).runUntilIdle();
    TaskqAssertions.assertThat(taskq).queue("jobs").hasScheduled(0).hasSucceeded(1);
    assertThatThrownBy(() -> TaskqAssertions.assertThat(taskq).queue("jobs").hasSucceeded(2))
        .hasMessageContaining("2 succeeded task(s), but it has 1");
  }

  @Test
  void taskAssertionsNameTheTaskAndItsLastFailure() {
    taskq.register(JOB, job -> {
      throw new IllegalStateException("down");
    });
    TaskHandle handle = taskq.client().submit(JOB, new Job(1));
    taskq.runUntilIdle();

    TaskqAssertions.assertThat(taskq).task(handle).failedWith(IllegalStateException.class)
        .hasRetries(1); // the retry it waits for counts
    assertThatThrownBy(() -> TaskqAssertions.assertThat(taskq).task(handle).isSucceeded())
        .hasMessageContaining(handle.id())
        .hasMessageContaining("to be SUCCEEDED, but it is RETRY (last failure: "
            + "java.lang.IllegalStateException)");
    assertThatThrownBy(() -> TaskqAssertions.assertThat(taskq).task(handle)
        .failedWith(IllegalArgumentException.class))
        .hasMessageContaining("it failed with java.lang.IllegalStateException");
    assertThatThrownBy(() -> TaskqAssertions.assertThat(taskq).task(handle).hasRetries(0))
        .hasMessageContaining("0 retries, but it had 1");
  }

  @Test
  void anUnknownTaskFailsTheLookup() {
    assertThatThrownBy(() -> TaskqAssertions.assertThat(taskq)
        .task(new TaskHandle("no-such-id", "jobs")))
        .isInstanceOf(AssertionError.class).hasMessageContaining("no-such-id on queue jobs");
  }
}

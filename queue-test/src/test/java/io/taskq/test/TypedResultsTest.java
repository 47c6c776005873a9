package io.taskq.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskq.QueueConfig;
import io.taskq.RetryPolicy;
import io.taskq.SkipRetryException;
import io.taskq.TaskDefinition;
import io.taskq.TaskFailedException;
import io.taskq.TaskHandle;
import io.taskq.TaskNotFoundException;
import io.taskq.TaskResult;
import io.taskq.TaskState;
import io.taskq.config.TaskqConfig;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A definition with a result type, through a worker: the typed handle's await returns the
 * handler's value, throws for a dead task, and the worker keeps every record for its queue's
 * resultTtl (a void task's too).
 */
class TypedResultsTest {
  record Add(int a, int b) {}

  record Sum(int sum) {}

  static final TaskDefinition.Returning<Add, Sum> ADD =
      TaskDefinition.of("test.add", Add.class).withQueue("math").returning(Sum.class);
  static final TaskDefinition<Add> LOG = TaskDefinition.of("test.log", Add.class).withQueue("math");

  private final Taskq taskq = Taskq.create(TaskqConfig.DEFAULT.withQueue(
      QueueConfig.builder("math").retry(RetryPolicy.builder().maxRetries(0).build())
          .resultTtl(Duration.ofMinutes(10)).build()));

  @AfterEach
  void close() {
    taskq.close();
  }

  @Test
  void aTypedHandleAwaitsTheHandlersValueBoundToTheResultType() {
    taskq.register(ADD, (add, ctx) -> {
      if (add.a() < 0) {
        throw new SkipRetryException("negative");
      }
      return new Sum(add.a() + add.b());
    });
    TaskHandle<Sum> ok = taskq.client().submit(ADD, new Add(1, 2));
    TaskHandle<Sum> bad = taskq.client().submit(ADD, new Add(-1, 2));
    taskq.runUntilIdle();

    assertThat(ok.await(Duration.ofSeconds(5))).isEqualTo(new Sum(3));
    assertThatThrownBy(() -> bad.await(Duration.ofSeconds(5)))
        .isInstanceOfSatisfying(TaskFailedException.class, e -> {
          assertThat(e.state()).isEqualTo(TaskState.DEAD);
          assertThat(e.error().type()).isEqualTo(SkipRetryException.class.getName());
          assertThat(e.error().message()).isEqualTo("negative");
        });
  }

  @Test
  void aVoidTaskKeepsASucceededRecordForTheQueuesResultTtl() {
    taskq.register(LOG, add -> { });
    TaskHandle<Object> h = taskq.client().submit(LOG, new Add(1, 1));
    taskq.runUntilIdle();

    TaskResult r = taskq.client().result(h).orElseThrow();
    assertThat(r.state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(r.resultJson()).isNull();
    assertThat(h.await(Duration.ofSeconds(1))).isNull();

    taskq.advance(Duration.ofMinutes(10));
    assertThat(taskq.client().result(h)).isEmpty();
    assertThatThrownBy(() -> h.await(Duration.ofSeconds(1)))
        .isInstanceOf(TaskNotFoundException.class);
  }
}

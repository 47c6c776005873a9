package io.taskq.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskq.TaskDefinition;
import io.taskq.TaskHandle;
import io.taskq.TaskModule;
import io.taskq.TaskOptions;
import io.taskq.TaskState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EagerTaskClientTest {
  record Sum(int a, int b) {}

  static final TaskDefinition<Sum> ADD = TaskDefinition.of("test.add", Sum.class);
  static final TaskModule MATH = registry -> registry.register(ADD, (sum, ctx) -> {
    if (sum.a() < 0) {
      throw new IllegalArgumentException("negative");
    }
    return sum.a() + sum.b();
  });

  @Test
  void submitReturnsWithTheResultAvailable() {
    try (EagerTaskClient client = EagerTaskClient.create(MATH)) {
      TaskHandle handle = client.submit(ADD, new Sum(1, 2));

      assertThat(client.resultJson(handle)).contains("3");
    }
  }

  @Test
  void submitAllRunsEveryTask() {
    try (EagerTaskClient client = EagerTaskClient.create(MATH)) {
      List<TaskHandle<Object>> handles = client.submitAll(ADD, List.of(new Sum(1, 1), new Sum(2, 2)));

      assertThat(handles).map(h -> client.resultJson(h).orElseThrow()).containsExactly("2", "4");
    }
  }

  @Test
  void aFailingHandlerLeavesItsTaskWaitingForTheRetry() {
    try (EagerTaskClient client = EagerTaskClient.create(MATH)) {
      TaskHandle handle = client.submit(ADD, new Sum(-1, 2));

      assertThat(client.find(handle)).get().extracting(i -> i.state()).isEqualTo(TaskState.RETRY);
    }
  }

  @Test
  void aCountdownWaitsForTheHarnessClock() {
    try (EagerTaskClient client = EagerTaskClient.create(MATH)) {
      TaskHandle handle = client.submit(ADD, new Sum(1, 2),
          TaskOptions.builder().countdown(Duration.ofMinutes(1)).build());
      assertThat(client.resultJson(handle)).isEmpty();

      client.taskq().advance(Duration.ofMinutes(1)).runUntilIdle();
      assertThat(client.resultJson(handle)).contains("3");
    }
  }

  @Test
  void anEagerClientOfAHarnessSharesItsBroker() {
    try (Taskq taskq = Taskq.create(MATH)) {
      TaskHandle handle = taskq.eagerClient().submit(ADD, new Sum(2, 3));

      assertThat(taskq.client().resultJson(handle)).contains("5");
    }
  }
}

package io.taskq.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskq.Inspector;
import io.taskq.TaskClient;
import io.taskq.TaskDefinition;
import io.taskq.TaskModule;
import io.taskq.TaskRegistry;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

@TaskqTest(modules = TaskqExtensionTest.Echo.class)
class TaskqExtensionTest {
  record Text(String value) {}

  static final TaskDefinition<Text> ECHO = TaskDefinition.of("test.echo", Text.class);
  static final TaskDefinition<Text> SHOUT = TaskDefinition.of("test.shout", Text.class);

  static final class Echo implements TaskModule {
    @Override
    public void register(TaskRegistry registry) {
      registry.register(ECHO, (text, ctx) -> text.value());
    }
  }

  static final class Shout implements TaskModule {
    @Override
    public void register(TaskRegistry registry) {
      registry.register(SHOUT, (text, ctx) -> text.value().toUpperCase(java.util.Locale.ROOT));
    }
  }

  Taskq taskq;

  @Test
  void injectsOneHarnessIntoFieldsAndParameters(Taskq param, TaskClient client,
      Inspector inspector) {
    assertThat(param).isSameAs(taskq);
    assertThat(client).isSameAs(taskq.client());
    assertThat(inspector).isSameAs(taskq.inspector());
  }

  @Test
  void runsTheModulesOfTheAnnotation() {
    var handle = taskq.client().submit(ECHO, new Text("hi"));
    taskq.runUntilIdle();
    TaskqAssertions.assertThat(taskq).task(handle).isSucceeded().hasResultJson("\"hi\"");
  }

  @Test
  @TaskqTest(modules = Shout.class)
  void addsTheModulesOfTheMethodToThoseOfTheClass() {
    var echo = taskq.client().submit(ECHO, new Text("a"));
    var shout = taskq.client().submit(SHOUT, new Text("b"));
    taskq.runUntilIdle();
    TaskqAssertions.assertThat(taskq).task(echo).hasResultJson("\"a\"");
    TaskqAssertions.assertThat(taskq).task(shout).hasResultJson("\"B\"");
  }

  @RepeatedTest(2)
  void everyTestStartsWithAFreshHarness() {
    assertThat(taskq.now()).isEqualTo(Taskq.START);
    assertThat(taskq.inspector().queues()).doesNotContain("default");
    taskq.client().submit(ECHO, new Text("x"));
    taskq.advance(java.time.Duration.ofMinutes(5));
  }

  @Nested
  class InANestedClass {
    @Test
    void theOuterFieldGetsTheHarnessToo(Taskq param) {
      assertThat(taskq).isSameAs(param);
      var handle = taskq.client().submit(ECHO, new Text("n"));
      taskq.runUntilIdle();
      TaskqAssertions.assertThat(taskq).task(handle).isSucceeded();
    }
  }
}

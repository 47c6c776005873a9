package io.taskq.cli.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskq.Backoff;
import io.taskq.QueueConfig;
import io.taskq.RetryPolicy;
import io.taskq.TaskClient;
import io.taskq.TaskHandle;
import io.taskq.TaskInfo;
import io.taskq.TaskOptions;
import io.taskq.TaskState;
import io.taskq.config.RedisConfig;
import io.taskq.config.TaskqConfig;
import io.taskq.embedded.EmbeddedBroker;
import io.taskq.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The probe tasks on the embedded broker with the in-memory recorder. */
class ProbeTasksTest {
  private static final int MAX_RETRIES = 3;

  private final EmbeddedBroker broker = new EmbeddedBroker();
  // retries are due at once, so one drained worker sees every attempt
  private final TaskqConfig config = TaskqConfig.DEFAULT
      .withQueue(QueueConfig.builder("default").retry(RetryPolicy.builder()
          .maxRetries(MAX_RETRIES).backoff(Backoff.fixed(Duration.ZERO)).build()).build());
  private final TaskClient client = TaskClient.create(broker, config);
  private final ProbeRecorder recorder =
      ProbeRecorder.forUrl(RedisConfig.DEFAULT.withUrl("memory://"));
  /** "queue task outcome" of every attempt, in completion order. */
  private final Queue<String> outcomes = new ConcurrentLinkedQueue<>();

  @AfterEach
  void tearDown() {
    client.close();
    broker.close();
  }

  private void drain(String queue) {
    Worker.builder().broker(broker).config(config).queues(queue)
        .module(new ProbeTasks(recorder))
        .listener((q, task, outcome, duration) -> outcomes.add(q + " " + task + " " + outcome))
        .build().runUntilIdle();
  }

  private void drain() {
    drain("default");
  }

  private TaskHandle submit(String task, String argsJson) {
    return client.submitJson(task, argsJson, TaskOptions.DEFAULT);
  }

  private TaskInfo info(TaskHandle handle) {
    return client.find(handle).orElseThrow();
  }

  /** A succeeded task is gone, or SUCCEEDED while its result is kept (when it returned one). */
  private void assertSucceededOnFirstRun(TaskHandle handle) {
    assertThat(client.find(handle).map(TaskInfo::state).orElse(TaskState.SUCCEEDED))
        .as("state of %s", handle.id()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(recorder.runs(handle.id())).as(handle.id()).isEqualTo(1);
  }

  @Test
  void theMemoryRecorderIsSharedByTheProcess() {
    assertThat(ProbeRecorder.forUrl(RedisConfig.DEFAULT.withUrl("memory://")))
        .isSameAs(recorder);
  }

  @Test
  void noopSleepAndEchoSucceedOnTheirFirstRun() {
    TaskHandle noop = submit("probe.noop", "{}");
    TaskHandle sleep = submit("probe.sleep", "{\"ms\": 20}");
    TaskHandle sleepWithoutArgs = submit("probe.sleep", "{}");
    TaskHandle echo = submit("probe.echo", "{\"a\":[1,2],\"b\":\"x\"}");

    drain();

    for (TaskHandle h : List.of(noop, sleep, sleepWithoutArgs, echo)) {
      assertSucceededOnFirstRun(h);
    }
    assertThat(outcomes).containsExactlyInAnyOrder("default probe.noop SUCCESS",
        "default probe.sleep SUCCESS", "default probe.sleep SUCCESS",
        "default probe.echo SUCCESS");
    assertThat(client.resultJson(echo)).contains("{\"a\":[1,2],\"b\":\"x\"}");
  }

  @Test
  void failIsDeadAfterMaxRetriesPlusOneRuns() {
    TaskHandle fail = submit("probe.fail", "{}");

    drain();

    TaskInfo dead = info(fail);
    assertThat(dead.state()).isEqualTo(TaskState.DEAD);
    assertThat(recorder.runs(fail.id())).isEqualTo(MAX_RETRIES + 1);
    assertThat(dead.lastError().message()).isEqualTo("probe.fail always fails");
    assertThat(outcomes).containsExactlyInAnyOrder("default probe.fail RETRY", "default probe.fail RETRY",
        "default probe.fail RETRY", "default probe.fail DEAD");
  }

  @Test
  void flakySucceedsOnTheRunAfterItsFailures() {
    TaskHandle flaky = client.submit(ProbeTasks.FLAKY, new ProbeTasks.Args(0, 2));

    drain();

    assertThat(recorder.runs(flaky.id())).isEqualTo(3);
    assertThat(outcomes).containsExactlyInAnyOrder("default probe.flaky RETRY", "default probe.flaky RETRY",
        "default probe.flaky SUCCESS");
    assertThat(client.resultJson(flaky)).contains("3"); // it returns the run that succeeded
  }

  @Test
  void recordAddsItsIdToTheDoneSet() {
    TaskHandle record = submit("probe.record", "{\"ms\": 5}");
    TaskHandle recordWithoutArgs = submit("probe.record", "{}");

    drain();

    assertThat(recorder.doneIds()).contains(record.id(), recordWithoutArgs.id());
    assertThat(recorder.runs(record.id())).isEqualTo(1);
  }

  @Test
  void probesRunOnWhateverQueueTheyAreSubmittedTo() {
    TaskHandle onEmail =
        client.submitJson("probe.noop", "{}", TaskOptions.builder().queue("email").build());

    drain("email");

    assertThat(onEmail.queue()).isEqualTo("email");
    assertSucceededOnFirstRun(onEmail);
    assertThat(outcomes).containsExactlyInAnyOrder("email probe.noop SUCCESS");
  }
}

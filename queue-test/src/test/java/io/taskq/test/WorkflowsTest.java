package io.taskq.test;

import static io.taskq.Step.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskq.SkipRetryException;
import io.taskq.TaskDefinition;
import io.taskq.TaskFailedException;
import io.taskq.TaskModule;
import io.taskq.TaskOptions;
import io.taskq.WorkflowHandle;
import io.taskq.WorkflowInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Chains, chords and callbacks on the embedded broker, run by the test kit. */
class WorkflowsTest {
  static final TaskDefinition<Integer> INC = TaskDefinition.of("test.inc", Integer.class);
  static final TaskDefinition<Object> FAIL = TaskDefinition.of("test.fail", Object.class);
  @SuppressWarnings("unchecked")
  static final TaskDefinition<List<Integer>> SUM = TaskDefinition.of("test.sum",
      (Class<List<Integer>>) (Class<?>) List.class);
  static final TaskDefinition<Object> NOTE = TaskDefinition.of("test.note", Object.class);
  static final List<Object> notes = new ArrayList<>();

  static final TaskModule TASKS = r -> {
    r.register(INC, (n, ctx) -> n + 1);
    r.register(FAIL, (x, ctx) -> {
      throw new SkipRetryException("no");
    });
    r.register(SUM, (l, ctx) -> l.stream().mapToInt(Integer::intValue).sum());
    r.register(NOTE, (x, ctx) -> notes.add(x));
  };

  @Test
  void aChainRunsToTheEndWithEachResultPassedOn() {
    try (EagerTaskClient client = EagerTaskClient.create(TASKS)) {
      WorkflowHandle chain = client.chain(step(INC, 1), step(INC), step(INC));

      WorkflowInfo w = client.workflow(chain.id()).orElseThrow();
      assertThat(w.state()).isEqualTo(WorkflowInfo.State.SUCCEEDED);
      assertThat(w.members()).extracting(WorkflowInfo.Member::result)
          .containsExactly("2", "3", "4");
      assertThat(client.resultJson(chain.last())).contains("4");
      assertThat(chain.await(Duration.ofSeconds(5))).isEqualTo(4);
    }
  }

  @Test
  void aChordRunsItsBodyWithTheResultsAndAFailedChainNamesItsStep() {
    try (EagerTaskClient client = EagerTaskClient.create(TASKS)) {
      WorkflowHandle chord = client.chord(
          IntStream.range(0, 10).mapToObj(i -> step(INC, i)).toList(), step(SUM));
      assertThat(client.resultJson(chord.body())).contains("55");
      assertThat(chord.await(Duration.ofSeconds(5))).isEqualTo(55);
      assertThat(client.group(List.of(step(INC, 1), step(INC, 2))).await(Duration.ofSeconds(5)))
          .isEqualTo(List.of(2, 3));

      WorkflowHandle chain = client.chain(step(INC, 1), step(FAIL), step(INC));
      WorkflowInfo w = client.workflow(chain.id()).orElseThrow();
      assertThat(w.state()).isEqualTo(WorkflowInfo.State.FAILED);
      assertThat(w.failedIndex()).isEqualTo(1);
      assertThat(client.find(chain.last())).isEmpty();
      assertThatThrownBy(() -> chain.await(Duration.ofSeconds(5)))
          .isInstanceOf(TaskFailedException.class)
          .extracting(e -> ((TaskFailedException) e).taskId())
          .isEqualTo(chain.tasks().get(1).id());
    }
  }

  @Test
  void callbacksRunOncePerOutcome() {
    notes.clear();
    try (EagerTaskClient client = EagerTaskClient.create(TASKS)) {
      client.submit(INC, 1, TaskOptions.builder().onSuccess(step(NOTE))
          .onFailure(NOTE, "never").build());
      client.submit(FAIL, "x", TaskOptions.builder().onFailure(step(NOTE)).build());

      assertThat(notes).hasSize(2);
      assertThat(notes.get(0)).isEqualTo(2);
      assertThat(notes.get(1).toString()).contains("state=dead", "SkipRetryException");
      assertThat(client.taskq().inspector().stats("default").dead()).isEqualTo(1);
    }
  }
}

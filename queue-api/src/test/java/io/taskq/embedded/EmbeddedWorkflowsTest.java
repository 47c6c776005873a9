package io.taskq.embedded;

import static io.taskq.Step.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskq.TaskClient;
import io.taskq.TaskDefinition;
import io.taskq.TaskOptions;
import io.taskq.TaskqException;
import io.taskq.config.TaskqConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The embedded broker keeps no links: workflows and callbacks are refused, nothing is stored. */
class EmbeddedWorkflowsTest {
  static final TaskDefinition<Integer> INC = TaskDefinition.of("wf.inc", Integer.class);

  @Test
  void chainsGroupsAndCallbacksAreRefusedInOneLineAndNothingIsStored() {
    EmbeddedBroker broker = new EmbeddedBroker();
    try (TaskClient client = TaskClient.create(broker, TaskqConfig.DEFAULT)) {
      assertThatThrownBy(() -> client.chain(step(INC, 1), step(INC)))
          .isInstanceOf(TaskqException.class).hasMessageContaining("need the Redis broker");
      assertThatThrownBy(() -> client.chord(List.of(step(INC, 1)), step(INC)))
          .isInstanceOf(TaskqException.class).hasMessageContaining("need the Redis broker");
      assertThatThrownBy(() -> client.submit(INC, 1,
          TaskOptions.builder().onSuccess(step(INC)).build()))
          .isInstanceOf(TaskqException.class).hasMessageContaining("need the Redis broker");
      assertThat(broker.counts("default").pending()).isZero();
      assertThat(client.workflow("unknown")).isEmpty();
    }
  }
}

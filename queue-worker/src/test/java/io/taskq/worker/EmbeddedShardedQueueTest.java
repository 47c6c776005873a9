package io.taskq.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskq.Inspector;
import io.taskq.QueueConfig;
import io.taskq.TaskClient;
import io.taskq.TaskDefinition;
import io.taskq.TaskOptions;
import io.taskq.config.TaskqConfig;
import io.taskq.embedded.EmbeddedBroker;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Sharding sits above the broker: the in-memory broker runs a sharded queue with no change of
 * its own.
 */
class EmbeddedShardedQueueTest {
  static final TaskDefinition<Integer> JOB = TaskDefinition.of("sharded.n", Integer.class)
      .withQueue("email");

  private final EmbeddedBroker broker = new EmbeddedBroker();

  @AfterEach
  void tearDown() {
    broker.close();
  }

  @Test
  void aShardedQueueRunsOnTheEmbeddedBrokerAndInspectsAsOne() {
    TaskqConfig config = TaskqConfig.DEFAULT.withQueue(QueueConfig.builder("email").shards(3)
        .build());
    TaskClient client = TaskClient.create(broker, config);
    for (int i = 0; i < 9; i++) {
      client.submit(JOB, i);
    }
    client.submit(JOB, 100, TaskOptions.builder().shardKey("a").build()); // "a" → shard 0 of 3

    assertThat(broker.queues()).containsExactlyInAnyOrder("email#0", "email#1", "email#2");
    assertThat(broker.counts("email#0").pending()).isEqualTo(4);
    Inspector inspector = Inspector.create(broker, config);
    assertThat(inspector.queues()).containsExactly("email");
    assertThat(inspector.stats("email").pending()).isEqualTo(10);

    List<Integer> ran = new CopyOnWriteArrayList<>();
    Worker.builder().broker(broker).config(config).register(JOB, (n, ctx) -> {
      ran.add(n);
      return null;
    }).build().runUntilIdle();

    assertThat(ran).hasSize(10);
    assertThat(inspector.stats("email").processed()).isEqualTo(10);
  }
}

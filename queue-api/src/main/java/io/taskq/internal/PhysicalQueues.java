package io.taskq.internal;

import io.taskq.QueueShards;
import io.taskq.config.TaskqConfig;
import io.taskq.spi.Broker;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The physical queues behind a queue name, for the operations that treat a sharded queue as one
 * (inspect, purge, the DLQ, revoke by name, metrics): a shard's name is itself; a queue's name is
 * the shards its configuration gives ({@link io.taskq.QueueConfig#physical()}) plus any other
 * shard or the queue's own name found in the broker's registry of queues, so shards left over
 * from an earlier {@code shards} setting are still seen and drained.
 */
public final class PhysicalQueues {
  private PhysicalQueues() {}

  /** The physical queues of {@code queue}, the configured ones first, then in shard order. */
  public static List<String> of(Broker broker, TaskqConfig config, String queue) {
    if (QueueShards.isShard(queue)) {
      return List.of(queue);
    }
    return of(config, queue, broker.queues());
  }

  /** As {@link #of(Broker, TaskqConfig, String)}, with the registry already read. */
  public static List<String> of(TaskqConfig config, String queue, Set<String> registry) {
    Set<String> out = new LinkedHashSet<>();
    config.queue(queue).physical().forEach(q -> out.add(q.name()));
    List<String> known = QueueShards.group(registry).get(queue);
    if (known != null) {
      out.addAll(known);
    }
    return new ArrayList<>(out);
  }
}

package io.taskq.inspect;

import io.taskq.ConfigException;
import io.taskq.TaskDefinition;
import io.taskq.config.TaskqConfig;
import io.taskq.worker.RegisteredTasks;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * The queues {@code call} and {@code worker} accept without {@code --allow-unknown-queue}: the
 * configured ones (any, with a {@code "*"} entry), {@code default}, and the queues the registered
 * task definitions name. A typo such as {@code -Q emial} is refused instead of creating a queue.
 */
public final class KnownQueues {
  private final TaskqConfig config;
  private final Set<String> known = new TreeSet<>();

  public KnownQueues(TaskqConfig config, RegisteredTasks tasks) {
    this.config = config;
    known.addAll(config.queues().keySet());
    known.add(TaskDefinition.DEFAULT_QUEUE);
    known.addAll(tasks.queues());
  }

  /**
   * @throws ConfigException one line naming the first unknown queue and the known ones
   */
  public void check(Collection<String> queues) {
    if (config.anyQueue() != null) {
      return;
    }
    for (String q : queues) {
      if (!known.contains(q)) {
        throw new ConfigException("queue '" + q + "' is not configured; known queues: "
            + String.join(", ", known) + " (add it under queues: in taskq.yaml, configure"
            + " queues: {\"*\": {}} to accept any queue, or pass --allow-unknown-queue)");
      }
    }
  }
}

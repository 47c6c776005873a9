package io.taskq.internal;

import io.taskq.QueueConfig;
import io.taskq.QueueShards;
import io.taskq.TaskOptions;
import io.taskq.config.TaskqConfig;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Picks the physical queue of a submission to a queue (see {@link QueueShards}): the queue itself
 * when it has one shard; else the shard of the task's {@link TaskOptions#shardKey()}, else of its
 * unique key (so one key is checked in one shard), else of its caller-supplied id (so a
 * resubmission meets the first), else the next shard in turn, per queue and per picker. Thread-safe.
 */
public final class ShardPicker {
  private final TaskqConfig config;
  private final Map<String, AtomicInteger> turns = new ConcurrentHashMap<>();

  public ShardPicker(TaskqConfig config) {
    this.config = config;
  }

  /** The physical queue of a task submitted to {@code queue} with {@code options}. */
  public String pick(String queue, TaskOptions options, @Nullable String id) {
    String key = options.shardKey() != null ? options.shardKey()
        : options.uniqueKey() != null ? options.uniqueKey() : id;
    return pick(queue, key);
  }

  /**
   * The physical queue of a task submitted to {@code queue}: by {@code key} when there is one,
   * else round-robin.
   */
  public String pick(String queue, @Nullable String key) {
    if (QueueShards.isShard(queue)) {
      return queue; // already a physical queue (a retry, a replay, a workflow step)
    }
    QueueConfig q = config.queue(queue);
    if (!q.isSharded()) {
      return queue;
    }
    int shard = key != null ? QueueShards.byKey(key, q.shards())
        : Math.floorMod(turns.computeIfAbsent(queue, k -> new AtomicInteger()).getAndIncrement(),
            q.shards());
    return QueueShards.shard(queue, shard);
  }
}

package io.taskq.config;

import io.taskq.QueueConfig;
import io.taskq.QueueShards;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The whole configuration of a taskq process. Immutable.
 *
 * @param redis how to reach Redis
 * @param worker worker settings
 * @param queues configured queues by name, in file order
 * @param maxPayload largest encoded payload accepted at submit, in bytes (default 1 MiB)
 * @param alerts webhook alerts (off by default)
 * @param maxResult largest encoded result a worker keeps, in bytes (default 1 MiB); a handler
 *     returning more fails its task straight to the dead-letter queue
  * @param anyQueue the wildcard policy ({@code queues: {"*": ...}}, named {@link QueueConfig#ANY}):
 *     the policy of every queue not in {@code queues}, and the sign that any queue name is
 *     expected; {@code null} when the configuration has no wildcard entry
 * @param events the task event stream (off by default)
 */
public record TaskqConfig(
    RedisConfig redis, WorkerConfig worker, Map<String, QueueConfig> queues, int maxPayload,
    AlertsConfig alerts, int maxResult, @Nullable QueueConfig anyQueue, EventsConfig events) {

  public static final int DEFAULT_MAX_PAYLOAD = 1024 * 1024;
  public static final int DEFAULT_MAX_RESULT = 1024 * 1024;

  /** Everything at its default: Redis on 127.0.0.1:6379, no queues configured. */
  public static final TaskqConfig DEFAULT =
      new TaskqConfig(RedisConfig.DEFAULT, WorkerConfig.DEFAULT, Map.of(), DEFAULT_MAX_PAYLOAD,
          AlertsConfig.OFF, DEFAULT_MAX_RESULT, null, EventsConfig.OFF);

  public TaskqConfig {
    Objects.requireNonNull(redis, "redis");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(worker, "worker");
    Objects.requireNonNull(alerts, "alerts");
    queues = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(queues));
    if (maxPayload < 1) {
      throw new IllegalArgumentException("maxPayload must be >= 1 byte, was " + maxPayload);
    }
    if (maxResult < 1) {
      throw new IllegalArgumentException("maxResult must be >= 1 byte, was " + maxResult);
    }
  }

  /** A configuration with events off. */
  public TaskqConfig(RedisConfig redis, WorkerConfig worker, Map<String, QueueConfig> queues,
      int maxPayload, AlertsConfig alerts, int maxResult, @Nullable QueueConfig anyQueue) {
    this(redis, worker, queues, maxPayload, alerts, maxResult, anyQueue, EventsConfig.OFF);
  }

  /** A configuration with the default result limit and without a wildcard queue entry. */
  public TaskqConfig(RedisConfig redis, WorkerConfig worker, Map<String, QueueConfig> queues,
      int maxPayload, AlertsConfig alerts) {
    this(redis, worker, queues, maxPayload, alerts, DEFAULT_MAX_RESULT, null);
  }

  /** A configuration without alerts. */
  public TaskqConfig(RedisConfig redis, WorkerConfig worker, Map<String, QueueConfig> queues,
      int maxPayload) {
    this(redis, worker, queues, maxPayload, AlertsConfig.OFF, DEFAULT_MAX_RESULT, null);
  }

  /**
   * The policy of a queue: as configured, else the wildcard entry's ({@code "*"}), else the
   * built-in defaults. For the name of a shard ({@code email#2}, see {@link QueueShards}), the
   * policy of that shard of its queue ({@link QueueConfig#shard(int)}).
   */
  public QueueConfig queue(String name) {
    if (QueueShards.isShard(name)) {
      return queue(QueueShards.logical(name)).shard(QueueShards.index(name));
    }
    QueueConfig q = queues.get(name);
    if (q != null) {
      return q;
    }
    return anyQueue != null ? anyQueue.withName(name) : QueueConfig.defaults(name);
  }

  /** Whether the configuration names this queue, or accepts any queue with {@code "*"}. */
  public boolean configures(String name) {
    return queues.containsKey(QueueShards.logical(name)) || anyQueue != null;
  }

  /** This configuration with another Redis section. */
  public TaskqConfig withRedis(RedisConfig redis) {
    return new TaskqConfig(redis, worker, queues, maxPayload, alerts, maxResult, anyQueue, events);
  }

  /** This configuration with other worker settings. */
  public TaskqConfig withWorker(WorkerConfig worker) {
    return new TaskqConfig(redis, worker, queues, maxPayload, alerts, maxResult, anyQueue, events);
  }

  /** This configuration with other alert settings. */
  public TaskqConfig withAlerts(AlertsConfig alerts) {
    return new TaskqConfig(redis, worker, queues, maxPayload, alerts, maxResult, anyQueue, events);
  }

  /** This configuration with another result limit, in bytes. */
  public TaskqConfig withMaxResult(int maxResult) {
    return new TaskqConfig(redis, worker, queues, maxPayload, alerts, maxResult, anyQueue, events);
  }

  /** This configuration with other event stream settings. */
  public TaskqConfig withEvents(EventsConfig events) {
    return new TaskqConfig(redis, worker, queues, maxPayload, alerts, maxResult, anyQueue, events);
  }

  /** This configuration with one queue added or replaced. */
  public TaskqConfig withQueue(QueueConfig queue) {
    Map<String, QueueConfig> copy = new LinkedHashMap<>(queues);
    copy.put(queue.name(), queue);
    return new TaskqConfig(redis, worker, copy, maxPayload, alerts, maxResult, anyQueue, events);
  }
}

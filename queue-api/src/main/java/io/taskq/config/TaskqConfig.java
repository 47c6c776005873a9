package io.taskq.config;

import io.taskq.QueueConfig;
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
 * @param anyQueue the wildcard policy ({@code queues: {"*": ...}}, named {@link QueueConfig#ANY}):
 *     the policy of every queue not in {@code queues}, and the sign that any queue name is
 *     expected; {@code null} when the configuration has no wildcard entry
 */
public record TaskqConfig(
    RedisConfig redis, WorkerConfig worker, Map<String, QueueConfig> queues, int maxPayload,
    AlertsConfig alerts, @Nullable QueueConfig anyQueue) {

  public static final int DEFAULT_MAX_PAYLOAD = 1024 * 1024;

  /** Everything at its default: Redis on 127.0.0.1:6379, no queues configured. */
  public static final TaskqConfig DEFAULT =
      new TaskqConfig(RedisConfig.DEFAULT, WorkerConfig.DEFAULT, Map.of(), DEFAULT_MAX_PAYLOAD,
          AlertsConfig.OFF, null);

  public TaskqConfig {
    Objects.requireNonNull(redis, "redis");
    Objects.requireNonNull(worker, "worker");
    Objects.requireNonNull(alerts, "alerts");
    queues = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(queues));
    if (maxPayload < 1) {
      throw new IllegalArgumentException("maxPayload must be >= 1 byte, was " + maxPayload);
    }
  }

  /** A configuration without a wildcard queue entry. */
  public TaskqConfig(RedisConfig redis, WorkerConfig worker, Map<String, QueueConfig> queues,
      int maxPayload, AlertsConfig alerts) {
    this(redis, worker, queues, maxPayload, alerts, null);
  }

  /** A configuration without alerts. */
  public TaskqConfig(RedisConfig redis, WorkerConfig worker, Map<String, QueueConfig> queues,
      int maxPayload) {
    this(redis, worker, queues, maxPayload, AlertsConfig.OFF, null);
  }

  /**
   * The policy of a queue: as configured, else the wildcard entry's ({@code "*"}), else the
   * built-in defaults.
   */
  public QueueConfig queue(String name) {
    QueueConfig q = queues.get(name);
    if (q != null) {
      return q;
    }
    return anyQueue != null ? anyQueue.withName(name) : QueueConfig.defaults(name);
  }

  /** Whether the configuration names this queue, or accepts any queue with {@code "*"}. */
  public boolean configures(String name) {
    return queues.containsKey(name) || anyQueue != null;
  }

  /** This configuration with another Redis section. */
  public TaskqConfig withRedis(RedisConfig redis) {
    return new TaskqConfig(redis, worker, queues, maxPayload, alerts, anyQueue);
  }

  /** This configuration with other worker settings. */
  public TaskqConfig withWorker(WorkerConfig worker) {
    return new TaskqConfig(redis, worker, queues, maxPayload, alerts, anyQueue);
  }

  /** This configuration with other alert settings. */
  public TaskqConfig withAlerts(AlertsConfig alerts) {
    return new TaskqConfig(redis, worker, queues, maxPayload, alerts, anyQueue);
  }

  /** This configuration with one queue added or replaced. */
  public TaskqConfig withQueue(QueueConfig queue) {
    Map<String, QueueConfig> copy = new LinkedHashMap<>(queues);
    copy.put(queue.name(), queue);
    return new TaskqConfig(redis, worker, copy, maxPayload, alerts, anyQueue);
  }
}

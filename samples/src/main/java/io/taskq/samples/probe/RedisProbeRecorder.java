package io.taskq.samples.probe;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.taskq.config.RedisConfig;
import io.taskq.redis.RedisClients;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Probe records in the worker's Redis, written with plain Lettuce commands. */
final class RedisProbeRecorder implements ProbeRecorder {
  private final RedisConfig config;
  private @Nullable RedisClient client;
  private @Nullable StatefulRedisConnection<String, String> connection;
  private @Nullable RedisCommands<String, String> commands;

  RedisProbeRecorder(RedisConfig config) {
    this.config = config;
  }

  /** Connects on first use, so a process that only lists the probes never connects. */
  private synchronized RedisCommands<String, String> redis() {
    if (commands == null) {
      connect();
    }
    return commands;
  }

  private void connect() {
    client = RedisClients.create(config);
    try {
      connection = client.connect();
    } catch (RuntimeException e) {
      client.shutdown();
      throw new io.taskq.BrokerUnavailableException("probe recorder: Redis at "
          + config.redactedUrl() + " is unreachable", e);
    }
    commands = connection.sync();
  }

  @Override
  public long started(String taskId) {
    return redis().hincrby(RUNS_KEY, taskId, 1);
  }

  @Override
  public void done(String taskId) {
    redis().sadd(DONE_KEY, taskId);
  }

  @Override
  public long runs(String taskId) {
    String v = redis().hget(RUNS_KEY, taskId);
    return v == null ? 0 : Long.parseLong(v);
  }

  @Override
  public Set<String> doneIds() {
    return Set.copyOf(redis().smembers(DONE_KEY));
  }

  @Override
  public long doneCount() {
    return redis().scard(DONE_KEY);
  }

  @Override
  public synchronized void close() {
    if (connection != null) {
      connection.close();
      client.shutdown();
      connection = null;
      commands = null;
    }
  }
}

package io.taskq.samples.probe;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.taskq.config.RedisConfig;
import java.util.Set;

/** Probe records in the worker's Redis, written with plain Lettuce commands. */
final class RedisProbeRecorder implements ProbeRecorder {
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final RedisCommands<String, String> redis;

  RedisProbeRecorder(RedisConfig config) {
    RedisURI uri = RedisURI.create(config.url());
    if (config.password() != null) {
      uri.setAuthentication(config.password().toCharArray());
    }
    uri.setTimeout(config.commandTimeout());
    client = RedisClient.create(uri);
    try {
      connection = client.connect();
    } catch (RuntimeException e) {
      client.shutdown();
      throw new io.taskq.BrokerUnavailableException("probe recorder: Redis at "
          + config.redactedUrl() + " is unreachable", e);
    }
    redis = connection.sync();
  }

  @Override
  public long started(String taskId) {
    return redis.hincrby(RUNS_KEY, taskId, 1);
  }

  @Override
  public void done(String taskId) {
    redis.sadd(DONE_KEY, taskId);
  }

  @Override
  public long runs(String taskId) {
    String v = redis.hget(RUNS_KEY, taskId);
    return v == null ? 0 : Long.parseLong(v);
  }

  @Override
  public Set<String> doneIds() {
    return Set.copyOf(redis.smembers(DONE_KEY));
  }

  @Override
  public long doneCount() {
    return redis.scard(DONE_KEY);
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown();
  }
}

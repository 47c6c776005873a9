package io.taskq.samples.probe;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.taskq.config.RedisConfig;
import io.taskq.redis.RedisClients;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Probe records in the worker's Redis, written by one allow-oom script (so runs are counted at
 * maxmemory too) and read with plain Lettuce commands.
 */
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
    RedisCommands<String, String> c = commands;
    return c != null ? c : connect();
  }

  private RedisCommands<String, String> connect() {
    RedisClient client = RedisClients.create(config);
    this.client = client;
    StatefulRedisConnection<String, String> connection;
    try {
      connection = client.connect();
    } catch (RuntimeException e) {
      client.shutdown();
      throw new io.taskq.BrokerUnavailableException("probe recorder: Redis at "
          + config.redactedUrl() + " is unreachable", e);
    }
    this.connection = connection;
    RedisCommands<String, String> commands = connection.sync();
    this.commands = commands;
    return commands;
  }

  private static final String RECORD = readScript();

  private static String readScript() {
    try (var in = RedisProbeRecorder.class.getResourceAsStream("record.lua")) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException | NullPointerException e) {
      throw new IllegalStateException("probe script record.lua missing", e);
    }
  }

  @Override
  public long started(String taskId) {
    return redis().eval(RECORD, ScriptOutputType.INTEGER, new String[] {RUNS_KEY}, "run", taskId);
  }

  @Override
  public void done(String taskId) {
    redis().eval(RECORD, ScriptOutputType.INTEGER, new String[] {DONE_KEY}, "done", taskId);
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
    if (connection != null && client != null) { // connect() sets both
      connection.close();
      client.shutdown();
      connection = null;
      commands = null;
    }
  }
}

package io.taskq.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.taskq.BrokerUnavailableException;
import io.taskq.config.RedisConfig;
import io.taskq.redis.internal.RedisConnector;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A diagnostic, not part of the queue: where the launcher's probe tasks ({@code probe.noop},
 * {@code probe.flaky}, ...) record their runs in the worker's Redis. Hash {@link #RUNS_KEY} (task
 * id → run count) and set {@link #DONE_KEY} (ids of finished {@code probe.record} tasks), written
 * by one allow-oom script ({@code io/taskq/redis/probe/record.lua}, so runs are counted at
 * maxmemory too). Kept here so the CLI reaches Redis without Lettuce types.
 */
public final class RedisProbeRecords implements AutoCloseable {
  /** Hash of run counts by task id. */
  public static final String RUNS_KEY = "taskq:probe:runs";
  /** Set of the ids of finished {@code probe.record} tasks. */
  public static final String DONE_KEY = "taskq:probe:done";

  private static final String RECORD = readScript();

  private final RedisConfig config;
  private @Nullable RedisConnector connector;

  /** Records in the Redis of {@code config}; connects on first use. */
  public RedisProbeRecords(RedisConfig config) {
    this.config = config;
  }

  /** Counts a run of {@code taskId}; returns its run count including this one. */
  public long started(String taskId) {
    return redis("record a probe run",
        r -> r.eval(RECORD, ScriptOutputType.INTEGER, new String[] {RUNS_KEY}, "run", taskId));
  }

  /** Records that {@code probe.record} task {@code taskId} finished. */
  public void done(String taskId) {
    redis("record a finished probe",
        r -> r.eval(RECORD, ScriptOutputType.INTEGER, new String[] {DONE_KEY}, "done", taskId));
  }

  /** Runs of {@code taskId} so far. */
  public long runs(String taskId) {
    String v = redis("read probe runs", r -> r.hget(RUNS_KEY, taskId));
    return v == null ? 0 : Long.parseLong(v);
  }

  /** Ids of finished {@code probe.record} tasks. */
  public Set<String> doneIds() {
    return Set.copyOf(redis("read finished probes", r -> r.smembers(DONE_KEY)));
  }

  /** How many {@code probe.record} tasks finished. */
  public long doneCount() {
    return redis("count finished probes", r -> r.scard(DONE_KEY));
  }

  @Override
  public synchronized void close() {
    if (connector != null) {
      connector.close();
      connector = null;
    }
  }

  private <T> T redis(String what,
      java.util.function.Function<RedisClusterCommands<String, String>, T> body) {
    return connector().call(what, body);
  }

  /** Connects on first use, so a process that only lists the probes never connects. */
  private synchronized RedisConnector connector() {
    RedisConnector c = connector;
    if (c == null) {
      try {
        c = new RedisConnector(config);
      } catch (BrokerUnavailableException e) {
        throw new BrokerUnavailableException("probe recorder: Redis at " + config.redactedUrl()
            + " is unreachable", e);
      }
      connector = c;
    }
    return c;
  }

  private static String readScript() {
    try (InputStream in = RedisProbeRecords.class.getResourceAsStream("probe/record.lua")) {
      if (in == null) {
        throw new IllegalStateException("probe script io/taskq/redis/probe/record.lua missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("probe script io/taskq/redis/probe/record.lua unreadable",
          e);
    }
  }
}

package io.taskq.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.taskq.config.RedisConfig;
import io.taskq.redis.internal.RedisClients;
import java.lang.management.ManagementFactory;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * CPU time spent by this JVM (all its threads: the bench runs its worker here) and by the Redis
 * server ({@code used_cpu_sys + used_cpu_user} of {@code INFO cpu}), read before and after a
 * measured stretch to give CPU microseconds per task. Redis is read on a connection of its own;
 * for a cluster or sentinel URL, or a server that refuses {@code INFO}, its figure is absent.
 */
final class CpuTime implements AutoCloseable {
  /** CPU seconds at one moment; {@code redisSeconds} is NaN when Redis cannot tell. */
  record Sample(double jvmSeconds, double redisSeconds) {}

  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final @Nullable RedisClient client;
  private final @Nullable StatefulRedisConnection<String, String> connection;

  private CpuTime(@Nullable RedisClient client,
      @Nullable StatefulRedisConnection<String, String> connection) {
    this.client = client;
    this.connection = connection;
  }

  /** Opens a connection to the Redis of {@code config}, when it is one standalone server. */
  static CpuTime open(RedisConfig config) {
    String url = config.url();
    if ((!url.startsWith("redis://") && !url.startsWith("rediss://")) || url.contains(",")) {
      return new CpuTime(null, null);
    }
    RedisClient client = RedisClients.create(config);
    try {
      return new CpuTime(client, client.connect());
    } catch (RuntimeException e) {
      client.shutdown();
      return new CpuTime(null, null);
    }
  }

  Sample sample() {
    return new Sample(os.getProcessCpuTime() / 1e9, redisSeconds());
  }

  private double redisSeconds() {
    if (connection == null) {
      return Double.NaN;
    }
    try {
      return redisSeconds(connection.sync().info("cpu"));
    } catch (RuntimeException e) { // e.g. an ACL user without INFO
      return Double.NaN;
    }
  }

  /** {@code used_cpu_sys + used_cpu_user} of an {@code INFO cpu} reply, NaN when absent. */
  static double redisSeconds(String info) {
    double sys = Double.NaN;
    double user = Double.NaN;
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("used_cpu_sys:")) {
        sys = Double.parseDouble(line.substring("used_cpu_sys:".length()).trim());
      } else if (line.startsWith("used_cpu_user:")) {
        user = Double.parseDouble(line.substring("used_cpu_user:".length()).trim());
      }
    }
    return sys + user;
  }

  /**
   * Adds {@code workerCpuUsPerTask} and {@code redisCpuUsPerTask} (CPU microseconds per task
   * between {@code start} and {@code end}, one decimal; Redis's left out when unknown) to a row.
   */
  static void report(Map<String, Object> row, Sample start, Sample end, long tasks) {
    row.put("workerCpuUsPerTask", perTask(end.jvmSeconds() - start.jvmSeconds(), tasks));
    double redis = end.redisSeconds() - start.redisSeconds();
    if (!Double.isNaN(redis)) {
      row.put("redisCpuUsPerTask", perTask(redis, tasks));
    }
  }

  private static double perTask(double seconds, long tasks) {
    return Report.round(seconds * 1e6 / Math.max(1, tasks), 1);
  }

  @Override
  public void close() {
    if (connection != null) {
      connection.close();
    }
    if (client != null) {
      client.shutdown();
    }
  }

}

package io.taskq.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.taskq.config.RedisConfig;
import io.taskq.redis.internal.RedisClients;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/**
 * CPU time spent by this JVM (all its threads: the bench runs its worker here) and by Redis
 * ({@code used_cpu_sys + used_cpu_user} of {@code INFO cpu}; on a cluster, the sum over its
 * primaries), read before and after a measured stretch to give CPU microseconds per task. Redis is
 * read on a connection of its own; for a sentinel URL, or a server that refuses {@code INFO}, its
 * figure is absent.
 */
final class CpuTime implements AutoCloseable {
  /** CPU seconds at one moment; {@code redisSeconds} is NaN when Redis cannot tell. */
  record Sample(double jvmSeconds, double redisSeconds) {}

  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  /** Redis's CPU seconds (throws when it cannot tell), or null when not asked. */
  private final @Nullable DoubleSupplier redis;
  private final Runnable closer;

  private CpuTime(@Nullable DoubleSupplier redis, Runnable closer) {
    this.redis = redis;
    this.closer = closer;
  }

  /** Opens a connection to the Redis of {@code config}: one server, or a cluster's primaries. */
  static CpuTime open(RedisConfig config) {
    try {
      return switch (RedisClients.mode(config)) {
        case STANDALONE -> standalone(config);
        case CLUSTER -> cluster(config);
        case SENTINEL -> new CpuTime(null, () -> { });
      };
    } catch (RuntimeException e) { // unreachable, refused: the figure is absent
      return new CpuTime(null, () -> { });
    }
  }

  private static CpuTime standalone(RedisConfig config) {
    RedisClient client = RedisClients.create(config);
    try {
      StatefulRedisConnection<String, String> c = client.connect();
      return new CpuTime(() -> redisSeconds(c.sync().info("cpu")), () -> {
        c.close();
        client.shutdown();
      });
    } catch (RuntimeException e) {
      client.shutdown();
      throw e;
    }
  }

  private static CpuTime cluster(RedisConfig config) {
    RedisClusterClient client = RedisClusterClient.create(RedisClients.clusterSeeds(config));
    try {
      StatefulRedisClusterConnection<String, String> c = client.connect();
      return new CpuTime(() -> {
        double sum = 0;
        for (RedisClusterNode node : c.getPartitions()) {
          if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
            sum += redisSeconds(c.getConnection(node.getNodeId()).sync().info("cpu"));
          }
        }
        return sum;
      }, () -> {
        c.close();
        client.shutdown();
      });
    } catch (RuntimeException e) {
      client.shutdown();
      throw e;
    }
  }

  Sample sample() {
    return new Sample(os.getProcessCpuTime() / 1e9, redisSeconds());
  }

  private double redisSeconds() {
    if (redis == null) {
      return Double.NaN;
    }
    try {
      return redis.getAsDouble();
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
    closer.run();
  }

}

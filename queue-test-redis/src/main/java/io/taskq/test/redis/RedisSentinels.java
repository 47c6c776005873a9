package io.taskq.test.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A primary, one replica and three {@code redis-sentinel}s watching them as {@link #MASTER}
 * (quorum 2, down after 1 s: a killed primary is replaced some 3 s later), all
 * {@code redis-server} processes on free 127.0.0.1 ports. Thread-safe.
 *
 * <pre>{@code
 * try (RedisSentinels redis = RedisSentinels.start()) {
 *   String url = redis.url(); // redis-sentinel://127.0.0.1:s1,127.0.0.1:s2,127.0.0.1:s3/mymaster
 * }
 * }</pre>
 */
public final class RedisSentinels implements AutoCloseable {
  /** The name the sentinels know the primary by. */
  public static final String MASTER = "mymaster";
  private static final Duration READY = Duration.ofSeconds(30);

  private final List<RedisServer> servers = new ArrayList<>();
  private final List<RedisServer> sentinels = new ArrayList<>();

  private RedisSentinels() {}

  /**
   * Starts the primary, its replica and three sentinels, and waits until the replica is in sync
   * and every sentinel knows the replica and the other sentinels.
   *
   * @throws IllegalStateException when a process does not start or that takes over 30 s
   */
  public static RedisSentinels start() {
    RedisSentinels s = new RedisSentinels();
    try {
      RedisServer primary = RedisServer.start("--repl-diskless-sync-delay", "0");
      s.servers.add(primary);
      s.servers.add(RedisServer.start("--replicaof", "127.0.0.1",
          Integer.toString(primary.port()), "--repl-diskless-sync-delay", "0"));
      for (int i = 0; i < 3; i++) {
        s.sentinels.add(RedisServer.startSentinel(MASTER, primary.port()));
      }
      s.awaitHealthy();
      return s;
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /** {@code redis-sentinel://127.0.0.1:s1,127.0.0.1:s2,127.0.0.1:s3/mymaster}. */
  public String url() {
    return "redis-sentinel://" + sentinels.stream().map(n -> "127.0.0.1:" + n.port())
        .collect(Collectors.joining(",")) + "/" + MASTER;
  }

  /** The two data servers (primary first at the start; roles change with failovers). */
  public List<RedisServer> servers() {
    return List.copyOf(servers);
  }

  /**
   * The data server the sentinels name as primary now.
   *
   * @throws IllegalStateException when it is none of {@link #servers()}
   */
  public RedisServer primary() {
    String[] addr = sentinels.get(0).cli("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER)
        .split("\\s+");
    int port = Integer.parseInt(addr[addr.length - 1]);
    return servers.stream().filter(r -> r.port() == port).findFirst()
        .orElseThrow(() -> new IllegalStateException("the sentinels name port " + port));
  }

  /**
   * Waits until a running primary has a replica in sync and every sentinel sees it and two
   * other sentinels, so that killing the primary leads to a failover.
   *
   * @throws IllegalStateException when that takes more than 30 s
   */
  public void awaitHealthy() {
    long deadline = System.nanoTime() + READY.toNanos();
    while (System.nanoTime() < deadline) {
      if (healthy()) {
        return;
      }
      try {
        TimeUnit.MILLISECONDS.sleep(50); // polling outside processes: nothing to wait on
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("the sentinel setup did not become healthy in " + READY);
  }

  private boolean healthy() {
    RedisServer primary;
    try {
      primary = primary();
    } catch (RuntimeException e) {
      return false;
    }
    if (!primary.isAlive() || !primary.cli("ROLE").startsWith("master")) {
      return false;
    }
    for (RedisServer r : servers) {
      if (r != primary && (!r.isAlive()
          || !r.cli("INFO", "replication").contains("master_link_status:up"))) {
        return false;
      }
    }
    for (RedisServer s : sentinels) {
      String info = s.cli("INFO", "sentinel");
      if (!info.contains("status=ok") || !info.contains("slaves=1")
          || !info.contains("sentinels=3") || !info.contains(":" + primary.port() + ",")) {
        return false;
      }
    }
    return true;
  }

  /** Stops the sentinels, then the data servers. */
  @Override
  public void close() {
    sentinels.forEach(RedisServer::close);
    servers.forEach(RedisServer::close);
  }
}

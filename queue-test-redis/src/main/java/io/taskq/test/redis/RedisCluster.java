package io.taskq.test.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A Redis Cluster of three primaries and three replicas, six {@code redis-server} processes on
 * free 127.0.0.1 ports joined with {@code redis-cli --cluster create ... --cluster-replicas 1}
 * (about 3 s). Node timeout 2 s: a killed primary's replica takes over some 4 to 5 s later.
 * Thread-safe.
 *
 * <pre>{@code
 * try (RedisCluster cluster = RedisCluster.start()) {
 *   String url = cluster.url(); // redis-cluster://127.0.0.1:p1,127.0.0.1:p2,...
 * }
 * }</pre>
 */
public final class RedisCluster implements AutoCloseable {
  private static final Duration READY = Duration.ofSeconds(30);
  private final List<RedisServer> nodes;

  private RedisCluster(List<RedisServer> nodes) {
    this.nodes = nodes;
  }

  /**
   * Starts six nodes, creates the cluster and waits until every node reports it healthy and
   * every replica is in sync.
   *
   * @throws IllegalStateException when a node does not start or the cluster does not form
   */
  public static RedisCluster start() {
    List<RedisServer> nodes = new ArrayList<>();
    RedisCluster cluster = new RedisCluster(nodes);
    try {
      for (int i = 0; i < 6; i++) {
        // a fresh nodes file per start: an old one would make the node rejoin an old cluster
        nodes.add(RedisServer.start("--cluster-enabled", "yes", "--cluster-config-file",
            "nodes-" + System.nanoTime() + ".conf", "--cluster-node-timeout", "2000",
            "--repl-diskless-sync-delay", "0"));
      }
      List<String> cmd = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
      nodes.forEach(n -> cmd.add("127.0.0.1:" + n.port()));
      cmd.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
      String out = run(cmd);
      if (!out.contains("All 16384 slots covered")) {
        throw new IllegalStateException("redis-cli --cluster create failed: " + out);
      }
      cluster.awaitHealthy();
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** {@code redis-cluster://127.0.0.1:p1,...}: every node as a seed. */
  public String url() {
    return "redis-cluster://" + nodes.stream().map(n -> "127.0.0.1:" + n.port())
        .collect(Collectors.joining(","));
  }

  /** The six nodes, in start order (primaries and replicas change with failovers). */
  public List<RedisServer> nodes() {
    return List.copyOf(nodes);
  }

  /** The running nodes that are primaries now. */
  public List<RedisServer> primaries() {
    return nodes.stream().filter(RedisServer::isAlive)
        .filter(n -> n.cli("ROLE").startsWith("master")).toList();
  }

  /**
   * The running primary that serves {@code key}'s slot now.
   *
   * @throws IllegalStateException when no running primary serves it
   */
  public RedisServer primaryOf(String key) {
    RedisServer any = nodes.stream().filter(RedisServer::isAlive).findFirst()
        .orElseThrow(() -> new IllegalStateException("no node runs"));
    int slot = Integer.parseInt(any.cli("CLUSTER", "KEYSLOT", key).strip());
    for (RedisServer n : primaries()) {
      for (String line : n.cli("CLUSTER", "NODES").lines().toList()) {
        String[] f = line.split(" ");
        if (f.length > 8 && f[2].contains("myself") && f[2].contains("master")) {
          for (int i = 8; i < f.length; i++) {
            if (!f[i].startsWith("[") && covers(f[i], slot)) {
              return n;
            }
          }
        }
      }
    }
    throw new IllegalStateException("no running primary serves slot " + slot);
  }

  private static boolean covers(String range, int slot) {
    int dash = range.indexOf('-');
    int from = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
    int to = dash < 0 ? from : Integer.parseInt(range.substring(dash + 1));
    return slot >= from && slot <= to;
  }

  /**
   * Waits until every running node reports {@code cluster_state:ok} and every running replica's
   * link to its primary is up, so that killing a primary leads to a failover.
   *
   * @throws IllegalStateException when that takes more than 30 s
   */
  public void awaitHealthy() {
    long deadline = System.nanoTime() + READY.toNanos();
    while (System.nanoTime() < deadline) {
      if (healthy()) {
        return;
      }
      pause();
    }
    throw new IllegalStateException("the cluster did not become healthy in " + READY);
  }

  private boolean healthy() {
    int primaries = 0;
    for (RedisServer n : nodes) {
      if (!n.isAlive()) {
        continue;
      }
      if (!n.cli("CLUSTER", "INFO").contains("cluster_state:ok")) {
        return false;
      }
      String replication = n.cli("INFO", "replication");
      if (replication.contains("role:slave")) {
        if (!replication.contains("master_link_status:up")) {
          return false;
        }
      } else {
        primaries++;
      }
    }
    return primaries == 3;
  }

  private static void pause() {
    try {
      TimeUnit.MILLISECONDS.sleep(50); // polling an outside process: nothing to wait on
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String run(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(30, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run redis-cli (is redis-tools installed?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Empties every running primary ({@code FLUSHALL}); replicas follow. */
  public void flushAll() {
    primaries().forEach(n -> n.cli("FLUSHALL"));
  }

  /** Stops every node. */
  @Override
  public void close() {
    nodes.forEach(RedisServer::close);
  }
}

package io.taskq.redis.internal;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.taskq.config.RedisConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Opens connections of either client kind behind one type: a standalone or Sentinel
 * {@link RedisClient}, or a {@link RedisClusterClient} with adaptive topology refresh. Callers see
 * {@link RedisClusterCommands}, the common supertype of both command APIs, so every command and
 * script call site is the same for one server and for a cluster.
 */
final class RedisLinks {
  /** Periodic cluster topology refresh; adaptive triggers (MOVED, reconnects) refresh sooner. */
  static final Duration TOPOLOGY_REFRESH = Duration.ofSeconds(5);

  /** One connection and its synchronous commands. */
  record Link(StatefulConnection<String, String> connection,
      RedisClusterCommands<String, String> commands) {
    void close() {
      try {
        connection.close();
      } catch (RuntimeException ignored) {
        // closing anyway
      }
    }
  }

  private final @Nullable RedisClient single;
  private final @Nullable RedisClusterClient cluster;

  RedisLinks(RedisConfig config, ClientResources resources, ClientOptions.Builder options) {
    if (RedisClients.mode(config) == RedisClients.Mode.CLUSTER) {
      this.single = null;
      this.cluster = RedisClusterClient.create(resources, RedisClients.clusterSeeds(config));
      ClientOptions base = options.build();
      cluster.setOptions(ClusterClientOptions.builder(base)
          .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
              .enableAllAdaptiveRefreshTriggers()
              .adaptiveRefreshTriggersTimeout(Duration.ofMillis(500))
              .refreshTriggersReconnectAttempts(2)
              .enablePeriodicRefresh(TOPOLOGY_REFRESH)
              .build())
          .build());
    } else {
      this.cluster = null;
      this.single = RedisClient.create(resources, RedisClients.uri(config));
      single.setOptions(options.build());
    }
  }

  boolean isCluster() {
    return cluster != null;
  }

  /**
   * A new connection: to the server, to Sentinel's primary, or to the cluster. A cluster
   * connection connects to every primary now: while a node connection is still being made,
   * Lettuce would reject a command routed to it (commands are rejected while disconnected).
   */
  Link connect() {
    if (cluster != null) {
      StatefulRedisClusterConnection<String, String> c = cluster.connect(StringCodec.UTF8);
      eachPrimary(c.getPartitions(), n -> c.getConnection(n.getUri().getHost(),
          n.getUri().getPort()));
      return new Link(c, c.sync());
    }
    StatefulRedisConnection<String, String> c = single().connect(StringCodec.UTF8);
    return new Link(c, c.sync());
  }

  /**
   * The connection of {@code link} (a cluster link) to the node that owns {@code key}'s slot
   * now; for one server the link itself. Commands that act on the connection, such as
   * {@code WAIT}, must run on the node that took the write; a blocking wait must not be routed
   * afresh while it blocks.
   */
  Link nodeOf(Link link, String key) {
    if (!(link.connection() instanceof StatefulRedisClusterConnection<String, String> c)) {
      return link;
    }
    RedisClusterNode node = c.getPartitions().getPartitionBySlot(SlotHash.getSlot(key));
    if (node == null) {
      throw new io.lettuce.core.RedisException("Cannot determine a partition for slot "
          + SlotHash.getSlot(key));
    }
    StatefulRedisConnection<String, String> n =
        c.getConnection(node.getUri().getHost(), node.getUri().getPort());
    return new Link(n, n.sync());
  }

  /** The asynchronous commands of {@code link}'s connection (either client kind). */
  static RedisClusterAsyncCommands<String, String> async(Link link) {
    if (link.connection() instanceof StatefulRedisClusterConnection<String, String> c) {
      return c.async();
    }
    return ((StatefulRedisConnection<String, String>) link.connection()).async();
  }

  /**
   * A new pub/sub connection (for a cluster, one that hears every node's PUBLISH, and routes each
   * {@code SSUBSCRIBE} to its connection to the primary owning the channel's slot: those are
   * connected now, as for {@link #connect()}).
   */
  StatefulRedisPubSubConnection<String, String> connectPubSub() {
    if (cluster != null) {
      StatefulRedisClusterPubSubConnection<String, String> c =
          cluster.connectPubSub(StringCodec.UTF8);
      eachPrimary(c.getPartitions(), n -> c.getConnection(n.getUri().getHost(),
          n.getUri().getPort()));
      return c;
    }
    return single().connectPubSub(StringCodec.UTF8);
  }

  /**
   * Opens a node connection to each primary of {@code nodes} now, by host and port: Lettuce keys
   * the connections a command's slot is routed to that way (by node id would open a second one).
   */
  private static void eachPrimary(Iterable<RedisClusterNode> nodes,
      Consumer<RedisClusterNode> connect) {
    for (RedisClusterNode node : nodes) {
      if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
        try {
          connect.accept(node);
        } catch (RuntimeException e) {
          // a primary down now: its slots fail over, or the first command retries
        }
      }
    }
  }

  /** Asks the cluster for its topology now (after a failover); nothing for one server. */
  void refreshTopology() {
    if (cluster != null) {
      cluster.refreshPartitionsAsync();
    }
  }

  void shutdown() {
    try {
      if (cluster != null) {
        cluster.shutdown(0, 2, TimeUnit.SECONDS);
      } else {
        single().shutdown(0, 2, TimeUnit.SECONDS);
      }
    } catch (RuntimeException ignored) {
      // nothing more to release
    }
  }

  private RedisClient single() {
    if (single == null) {
      throw new IllegalStateException("not a standalone client");
    }
    return single;
  }
}

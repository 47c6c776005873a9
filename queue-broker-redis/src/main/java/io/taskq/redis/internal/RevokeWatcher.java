package io.taskq.redis.internal;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.taskq.redis.RedisKeys;
import io.taskq.spi.LeaseRef;
import io.taskq.spi.RevokeSignal;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker's subscription to the control channels of its queues (see
 * {@link io.taskq.spi.Broker#watchRevokes}), on the connector's pub/sub connection (the one the
 * wake channels and the watches of finished tasks use: one connection less per node). The revoke
 * script publishes {@code terminate|worker|id|token} or {@code revoke|worker|id|token}; messages
 * for other workers are ignored.
 */
public final class RevokeWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RevokeWatcher.class);

  private final StatefulRedisPubSubConnection<String, String> connection;
  private final RedisPubSubAdapter<String, String> adapter;
  private final String[] channels;

  public RevokeWatcher(RedisConnector redis, Set<String> queues, String workerId,
      Consumer<RevokeSignal> listener) {
    Map<String, String> queueOf = new HashMap<>();
    for (String q : queues) {
      queueOf.put(RedisKeys.of(q).controlChannel(), q);
    }
    this.connection = redis.pubSub();
    this.channels = queueOf.keySet().toArray(String[]::new);
    this.adapter = new RedisPubSubAdapter<>() {
      @Override
      public void message(String channel, String message) {
        String queue = queueOf.get(channel);
        String[] p = message.split("\\|", -1);
        if (queue == null || p.length != 4 || !p[1].equals(workerId)) {
          return;
        }
        try {
          listener.accept(new RevokeSignal(queue, new LeaseRef(p[2], p[3]),
              "terminate".equals(p[0])));
        } catch (RuntimeException e) {
          log.error("Handling a revoke of task {} on queue {} failed", p[2], queue, e);
        }
      }
    };
    connection.addListener(adapter);
    try {
      redis.callPubSub("subscribe to revokes", r -> {
        r.subscribe(channels);
        return channels;
      });
    } catch (RuntimeException e) {
      connection.removeListener(adapter);
      throw e;
    }
  }

  /** Stops listening and unsubscribes (nothing to do once the connector is closed). */
  @Override
  public void close() {
    connection.removeListener(adapter);
    try {
      connection.sync().unsubscribe(channels);
    } catch (RuntimeException e) {
      log.debug("Unsubscribing from revokes failed ({}); the connection goes with the broker",
          e.getMessage());
    }
  }
}

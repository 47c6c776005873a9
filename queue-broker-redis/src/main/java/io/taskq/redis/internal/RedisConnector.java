package io.taskq.redis.internal;

import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.pubsub.api.sync.RedisPubSubCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.taskq.ConfigException;
import io.taskq.config.RedisConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Owns the Lettuce client: one shared multiplexed connection for commands and scripts, one
 * pub/sub connection (opened on first use) for every watch of finished tasks, plus one
 * dedicated connection per queue for blocking waits (a blocking command would stall every other
 * command on a shared connection). Commands are rejected while disconnected, so callers fail fast
 * instead of buffering; reconnects back off up to {@link RedisConfig#reconnectDelayMax()}.
 */
public final class RedisConnector implements AutoCloseable {
  private final RedisConfig config;
  private final String redactedUrl;
  private final ClientResources resources;
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> shared;
  private final Map<String, StatefulRedisConnection<String, String>> blocking =
      new ConcurrentHashMap<>();
  private volatile @Nullable StatefulRedisPubSubConnection<String, String> pubSub;
  private volatile boolean closed;

  /**
   * Connects.
   *
   * @throws ConfigException on a malformed URL or an authentication refusal (no password shown)
   * @throws io.taskq.BrokerUnavailableException when the server cannot be reached
   */
  public RedisConnector(RedisConfig config) {
    this.config = config;
    this.redactedUrl = config.redactedUrl();
    RedisURI uri = RedisClients.uri(config);
    ClientOptions.Builder options = RedisClients.options(config)
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    this.resources = ClientResources.builder()
        .reconnectDelay(Delay.exponential(Duration.ofMillis(50), config.reconnectDelayMax(), 2,
            java.util.concurrent.TimeUnit.MILLISECONDS))
        .build();
    this.client = RedisClient.create(resources, uri);
    client.setOptions(options.build());
    try {
      this.shared = client.connect(StringCodec.UTF8);
    } catch (RuntimeException e) {
      shutdownQuietly();
      throw RedisErrors.onConnect(e, redactedUrl);
    }
  }

  /** The URL with the password hidden. */
  public String redactedUrl() {
    return redactedUrl;
  }

  /** The command timeout. */
  public Duration commandTimeout() {
    return config.commandTimeout();
  }

  /** Runs commands on the shared connection, translating failures. */
  public <T> T call(String what, Function<RedisCommands<String, String>, T> body) {
    try {
      return body.apply(shared.sync());
    } catch (RuntimeException e) {
      throw RedisErrors.onCommand(e, what, redactedUrl);
    }
  }

  /**
   * Runs a script by SHA, loading it when the server does not know it (first use, SCRIPT FLUSH).
   *
   * @throws IllegalStateException when the keys or arguments do not fit the script's header
   */
  public <T> T eval(Script script, ScriptOutputType type, String[] keys, String... args) {
    script.checkCall(keys, args);
    return call(script.scriptName(), redis -> {
      try {
        return redis.<T>evalsha(script.sha(), type, keys, args);
      } catch (RedisNoScriptException e) {
        redis.scriptLoad(script.source());
        return redis.<T>evalsha(script.sha(), type, keys, args);
      }
    });
  }

  /**
   * Runs a blocking command on the queue's dedicated connection, whose timeout exceeds
   * {@code block} so the server answers first.
   */
  public <T> @Nullable T callBlocking(String queue, Duration block,
      Function<RedisCommands<String, String>, @Nullable T> body) {
    StatefulRedisConnection<String, String> conn = blocking.computeIfAbsent(queue, q -> {
      try {
        return client.connect(StringCodec.UTF8);
      } catch (RuntimeException e) {
        throw RedisErrors.onConnect(e, redactedUrl);
      }
    });
    conn.setTimeout(block.plus(config.commandTimeout()));
    try {
      return body.apply(conn.sync());
    } catch (RuntimeException e) {
      throw RedisErrors.onCommand(e, "wait on " + queue, redactedUrl);
    }
  }

  /**
   * A new pub/sub connection, which resubscribes by itself after a reconnect; the caller closes
   * it (before this connector).
   */
  public StatefulRedisPubSubConnection<String, String> connectPubSub() {
    try {
      return client.connectPubSub(StringCodec.UTF8);
    } catch (RuntimeException e) {
      throw RedisErrors.onConnect(e, redactedUrl);
    }
  }

  /**
   * The one pub/sub connection of this connector, connected on first use (Lettuce subscribes it
   * again to its channels after a reconnect). Callers serialize their (un)subscribes.
   */
  public synchronized StatefulRedisPubSubConnection<String, String> pubSub() {
    StatefulRedisPubSubConnection<String, String> c = pubSub;
    if (c == null) {
      try {
        c = client.connectPubSub(StringCodec.UTF8);
      } catch (RuntimeException e) {
        throw RedisErrors.onConnect(e, redactedUrl);
      }
      pubSub = c;
    }
    return c;
  }

  /** Runs a command on the pub/sub connection, translating failures. */
  public <T> T callPubSub(String what,
      Function<RedisPubSubCommands<String, String>, T> body) {
    try {
      return body.apply(pubSub().sync());
    } catch (RuntimeException e) {
      throw RedisErrors.onCommand(e, what, redactedUrl);
    }
  }

  /** Whether {@link #close()} ran. */
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    StatefulRedisPubSubConnection<String, String> ps = pubSub;
    if (ps != null) {
      try {
        ps.close();
      } catch (RuntimeException ignored) {
        // closing anyway
      }
    }
    blocking.values().forEach(c -> {
      try {
        c.close();
      } catch (RuntimeException ignored) {
        // closing anyway
      }
    });
    try {
      shared.close();
    } catch (RuntimeException ignored) {
      // closing anyway
    }
    shutdownQuietly();
  }

  private void shutdownQuietly() {
    try {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      resources.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
    } catch (RuntimeException ignored) {
      // nothing more to release
    }
  }
}

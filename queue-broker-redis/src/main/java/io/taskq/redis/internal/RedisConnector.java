package io.taskq.redis.internal;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.pubsub.api.sync.RedisPubSubCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.taskq.BrokerUnavailableException;
import io.taskq.ConfigException;
import io.taskq.config.RedisConfig;
import io.taskq.redis.internal.RedisLinks.Link;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Owns the Lettuce client (one server, Sentinel's primary or a cluster; see {@link RedisLinks}):
 * one shared multiplexed connection for commands and scripts, one pub/sub connection (opened on
 * first use; on a cluster, one connection to each primary behind it) for every watch of finished
 * tasks and every wait for work ({@link WakeChannels}), plus, where Redis refuses the wake
 * channels, one dedicated connection per queue for blocking waits (a blocking command would stall every other command on a shared connection;
 * on a cluster it reaches the node owning the queue's slot). Commands are rejected while
 * disconnected, so callers fail fast instead of buffering; reconnects back off up to
 * {@link RedisConfig#reconnectDelayMax()}. On Sentinel and a cluster, a command Redis did not run
 * (not connected, {@code MOVED}, {@code CLUSTERDOWN}, {@code READONLY} after a failover...) is
 * tried again for up to the command timeout, so a failover is a pause, not an error.
 */
public final class RedisConnector implements AutoCloseable {
  /** Scripts that accept a submit: with {@code durableWrites}, they wait for replicas. */
  private static final Set<Script> SUBMITS = EnumSet.of(Script.ENQUEUE, Script.BEAT_FIRE);

  private final RedisConfig config;
  private final String redactedUrl;
  private final ClientResources resources;
  private final RedisLinks links;
  private final Link shared;
  /** Failover retry window: none for one server, whose outages fail fast. */
  private final Duration retryWindow;
  private final Map<String, Link> blocking = new ConcurrentHashMap<>();
  private volatile @Nullable Link durable;
  private volatile @Nullable Link pipeline;
  private volatile @Nullable StatefulRedisPubSubConnection<String, String> pubSub;
  private volatile boolean closed;

  /**
   * Connects.
   *
   * @throws ConfigException on a malformed URL, an unknown scheme, a seed that does not resolve
   *     or an authentication refusal (no password shown)
   * @throws io.taskq.BrokerUnavailableException when the server cannot be reached
   */
  public RedisConnector(RedisConfig config) {
    this.config = config;
    this.redactedUrl = config.redactedUrl();
    RedisClients.Mode mode = RedisClients.mode(config);
    ClientOptions.Builder options = RedisClients.options(config)
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    this.retryWindow = mode == RedisClients.Mode.STANDALONE ? Duration.ZERO
        : config.commandTimeout();
    this.resources = ClientResources.builder()
        .reconnectDelay(Delay.exponential(Duration.ofMillis(50), config.reconnectDelayMax(), 2,
            TimeUnit.MILLISECONDS))
        .build();
    try {
      this.links = new RedisLinks(config, resources, options);
    } catch (RuntimeException e) {
      resources.shutdown(0, 2, TimeUnit.SECONDS);
      throw e;
    }
    try {
      this.shared = links.connect();
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

  /** Whether this connector talks to a Redis Cluster. */
  public boolean isCluster() {
    return links.isCluster();
  }

  /** Runs commands on the shared connection, translating failures. */
  public <T> T call(String what, Function<RedisClusterCommands<String, String>, T> body) {
    return retrying(what, () -> body.apply(shared.commands()));
  }

  /**
   * Queues the commands {@code body} starts on the connection of its own that task events use
   * (opened on first use, with automatic flushing off), then writes them all at once; does not
   * wait for the answers. No retry, no translation: a command Lettuce refuses (disconnected,
   * closed) or Redis refuses fails the returned stage. Called from one thread at a time.
   *
   * @throws io.taskq.BrokerUnavailableException when the connection cannot be opened
   */
  public CompletionStage<Void> pipelined(
      Function<RedisClusterAsyncCommands<String, String>, List<RedisFuture<?>>> body) {
    Link link = pipeline;
    if (link == null) {
      try {
        link = links.connect();
      } catch (RuntimeException e) {
        throw RedisErrors.onConnect(e, redactedUrl);
      }
      link.connection().setAutoFlushCommands(false);
      pipeline = link;
      if (closed) { // closed while connecting
        link.close();
      }
    }
    List<RedisFuture<?>> sent = body.apply(RedisLinks.async(link));
    link.connection().flushCommands();
    return CompletableFuture.allOf(sent.stream().map(RedisFuture::toCompletableFuture)
        .toArray(CompletableFuture[]::new));
  }

  /**
   * Runs a script by SHA; where the node does not know it (first use, a new node, a promoted
   * replica, SCRIPT FLUSH) runs its source with EVAL, which also caches it on that node. With
   * {@link RedisConfig#durableWrites()}, a submit script then waits for that many replicas.
   *
   * @throws IllegalStateException when the keys or arguments do not fit the script's header, or
   *     the keys lie in more than one cluster slot
   */
  public <T> T eval(Script script, ScriptOutputType type, String[] keys, String... args) {
    script.checkCall(keys, args);
    checkOneSlot(script.scriptName(), keys);
    if (config.durableWrites() > 0 && SUBMITS.contains(script)) {
      return retrying(script.scriptName(), () -> evalDurably(script, type, keys, args));
    }
    return retrying(script.scriptName(), () -> evalOn(shared.commands(), script, type, keys,
        args));
  }

  /**
   * Refuses keys of more than one cluster slot: Redis Cluster would refuse the script
   * ({@code CROSSSLOT}), so this holds on one server too, and every test of a script call site
   * checks it.
   *
   * @throws IllegalStateException naming the script and two keys of different slots
   */
  static void checkOneSlot(String script, String[] keys) {
    for (int i = 1; i < keys.length; i++) {
      if (SlotHash.getSlot(keys[i]) != SlotHash.getSlot(keys[0])) {
        throw new IllegalStateException("script " + script + " called with keys of two cluster"
            + " slots: " + keys[0] + " and " + keys[i]);
      }
    }
  }

  private static <T> T evalOn(RedisClusterCommands<String, String> r, Script script,
      ScriptOutputType type, String[] keys, String[] args) {
    try {
      return r.<T>evalsha(script.sha(), type, keys, args);
    } catch (RedisNoScriptException e) {
      return r.<T>eval(script.source(), type, keys, args);
    }
  }

  /**
   * The script, then {@code WAIT} on the same connection of the node that ran it, on a
   * connection of its own so that a slow replica stalls no other command.
   */
  private <T> T evalDurably(Script script, ScriptOutputType type, String[] keys, String[] args) {
    Link link = durable;
    if (link == null) {
      synchronized (this) {
        link = durable;
        if (link == null) {
          link = links.connect();
          durable = link;
        }
      }
    }
    RedisClusterCommands<String, String> node = links.nodeOf(link, keys[0]).commands();
    T out = evalOn(node, script, type, keys, args);
    int want = config.durableWrites();
    long waitMs = Math.max(1, config.commandTimeout().toMillis() / 2);
    long got = node.waitForReplication(want, waitMs);
    if (got < want) {
      throw new BrokerUnavailableException("Redis at " + redactedUrl + " stored the submit on"
          + " its primary, but only " + got + " of " + want + " replicas (redis.durableWrites)"
          + " confirmed it within " + waitMs + " ms: it may be lost if the primary fails;"
          + " submitting the same task id again is safe", null);
    }
    return out;
  }

  /**
   * Runs {@code body}; on Sentinel or a cluster, tries again while Redis did not run it and the
   * retry window lasts, asking the cluster for its topology before each try.
   */
  private <T> T retrying(String what, java.util.function.Supplier<T> body) {
    long deadline = System.nanoTime() + retryWindow.toNanos();
    for (int attempt = 0; ; attempt++) {
      try {
        return body.get();
      } catch (RuntimeException e) {
        if (retryWindow.isZero() || !notRun(e) || System.nanoTime() >= deadline || closed) {
          throw RedisErrors.onCommand(e, what, redactedUrl);
        }
        links.refreshTopology();
        try {
          Thread.sleep(Math.min(500, 25L << Math.min(attempt, 5)));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw RedisErrors.onCommand(e, what, redactedUrl);
        }
      }
    }
  }

  /**
   * Whether Redis certainly did not run the command: a redirect or a cluster, replica or
   * loading refusal, or a connection that was not there to send it. A timeout or a connection
   * lost while waiting for the answer is not such a case (the command may have run).
   */
  static boolean notRun(Throwable e) {
    String m = e.getMessage() == null ? "" : e.getMessage();
    if (e instanceof RedisCommandExecutionException) {
      return m.startsWith("MOVED") || m.startsWith("ASK") || m.startsWith("CLUSTERDOWN")
          || m.startsWith("TRYAGAIN") || m.startsWith("READONLY") || m.startsWith("LOADING")
          || m.startsWith("MASTERDOWN");
    }
    if (e instanceof io.lettuce.core.RedisConnectionException) {
      return true; // no connection was made
    }
    return e instanceof RedisException && (m.contains("Currently not connected")
        || m.contains("not known in the cluster view")
        || m.contains("Cannot determine a partition") || m.contains("Unable to connect"));
  }

  /**
   * Runs a blocking command on {@code key} on the queue's dedicated connection (on a cluster,
   * its connection to the node owning the key's slot now), whose timeout exceeds {@code block}
   * so the server answers first.
   */
  public <T> @Nullable T callBlocking(String queue, String key, Duration block,
      Function<RedisClusterCommands<String, String>, @Nullable T> body) {
    Link link = blocking.computeIfAbsent(queue, q -> {
      try {
        return links.connect();
      } catch (RuntimeException e) {
        throw RedisErrors.onConnect(e, redactedUrl);
      }
    });
    try {
      Link node = links.nodeOf(link, key);
      node.connection().setTimeout(block.plus(config.commandTimeout()));
      return body.apply(node.commands());
    } catch (RuntimeException e) {
      if (notRun(e)) {
        links.refreshTopology(); // the next wait goes to the slot's new owner
      }
      throw RedisErrors.onCommand(e, "wait on " + queue, redactedUrl);
    }
  }

  /**
   * The one pub/sub connection of this connector, connected on first use (on a cluster, with its
   * connection to every primary, for the wake channels), for every subscription of the broker:
   * wake channels, finished tasks, revokes. Lettuce subscribes it again to its channels after a
   * reconnect.
   */
  public synchronized StatefulRedisPubSubConnection<String, String> pubSub() {
    StatefulRedisPubSubConnection<String, String> c = pubSub;
    if (c == null) {
      try {
        c = links.connectPubSub();
      } catch (RuntimeException e) {
        throw RedisErrors.onConnect(e, redactedUrl);
      }
      pubSub = c;
    }
    return c;
  }

  /**
   * Runs a command on the pub/sub connection, translating failures; on Sentinel or a cluster,
   * tries again while Redis did not run it (see {@link #call}).
   */
  public <T> T callPubSub(String what,
      Function<RedisPubSubCommands<String, String>, T> body) {
    return retrying(what, () -> body.apply(pubSub().sync()));
  }

  /**
   * Runs {@code action} (on an event thread of Lettuce's) each time the client sees the cluster's
   * topology change: a failover, a slot that moved, a node added or removed. Nothing on one
   * server.
   */
  public void onTopologyChange(Runnable action) {
    if (isCluster()) {
      resources.eventBus().get()
          .filter(e -> e instanceof io.lettuce.core.cluster.event.ClusterTopologyChangedEvent)
          .subscribe(e -> action.run());
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
    blocking.values().forEach(Link::close);
    Link d = durable;
    if (d != null) {
      d.close();
    }
    Link p = pipeline;
    if (p != null) {
      p.close();
    }
    shared.close();
    shutdownQuietly();
  }

  private void shutdownQuietly() {
    links.shutdown();
    try {
      resources.shutdown(0, 2, TimeUnit.SECONDS);
    } catch (RuntimeException ignored) {
      // nothing more to release
    }
  }
}

package io.taskq.celery.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Waits for Celery results the way {@code AsyncResult.get()} does: subscribe to the channel
 * {@code celery-task-meta-<id>} first, then read the key once, then wait for a message in a
 * ready state (SUCCESS, FAILURE, REVOKED). One pub/sub connection per watcher, opened on first
 * use; thread-safe.
 */
public final class ResultWatcher implements AutoCloseable {
  /** States after which a result no longer changes. */
  public static final Set<String> READY = Set.of("SUCCESS", "FAILURE", "REVOKED");

  private final CeleryRedis redis;
  private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();
  private @Nullable StatefulRedisPubSubConnection<String, String> pubsub;

  public ResultWatcher(CeleryRedis redis) {
    this.redis = redis;
  }

  /**
   * The ready meta of {@code taskId}, waiting at most {@code timeout}; null when it did not
   * become ready in time.
   */
  public @Nullable String await(String taskId, Duration timeout) throws InterruptedException {
    String channel = CeleryKeys.meta(taskId);
    Waiting w = waiting.compute(channel, (k, old) -> old == null ? new Waiting() : old.join());
    StatefulRedisPubSubConnection<String, String> c = connection();
    try {
      c.sync().subscribe(channel);
      String now = redis.result(taskId);
      if (now != null && isReady(now)) {
        return now;
      }
      return w.ready.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return null;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      // the last waiter of an id unsubscribes; the others keep the subscription they share
      if (waiting.computeIfPresent(channel, (k, old) -> old.leave()) == null) {
        c.sync().unsubscribe(channel);
      }
    }
  }

  /** The waiters of one task id: one future, completed by the first ready message. */
  private static final class Waiting {
    final CompletableFuture<String> ready = new CompletableFuture<>();
    private int count = 1;

    Waiting join() {
      count++;
      return this;
    }

    @Nullable Waiting leave() {
      return --count == 0 ? null : this;
    }
  }

  /** The status of a meta JSON, or null when it is not one. */
  public static @Nullable String status(String meta) {
    try {
      JsonNode n = CeleryJson.MAPPER.readTree(meta);
      return n != null && n.path("status").isTextual() ? n.path("status").asText() : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static boolean isReady(String meta) {
    String s = status(meta);
    return s != null && READY.contains(s);
  }

  private synchronized StatefulRedisPubSubConnection<String, String> connection() {
    StatefulRedisPubSubConnection<String, String> c = pubsub;
    if (c == null) {
      c = redis.client().connectPubSub();
      c.addListener(new RedisPubSubAdapter<>() {
        @Override
        public void message(String channel, String message) {
          Waiting w = waiting.get(channel);
          if (w != null && isReady(message)) {
            w.ready.complete(message);
          }
        }
      });
      pubsub = c;
    }
    return c;
  }

  @Override
  public synchronized void close() {
    if (pubsub != null) {
      pubsub.close();
      pubsub = null;
    }
  }
}

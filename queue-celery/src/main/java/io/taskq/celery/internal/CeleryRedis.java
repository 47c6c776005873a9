package io.taskq.celery.internal;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.taskq.ConfigException;
import io.taskq.config.RedisConfig;
import io.taskq.internal.RedisUris;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The Redis commands of the Celery bridge, on one connection of its own (thread-safe: Lettuce
 * pipelines concurrent commands on it). Scripts are resources under {@code io/taskq/celery/lua/}.
 */
public final class CeleryRedis implements AutoCloseable {
  /** A message taken from Celery's lists: its priority step and its raw text. */
  public record Taken(int step, String raw) {}

  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final RedisCommands<String, String> redis;
  private final Lua take = new Lua("take");
  private final Lua storeResult = new Lua("store_result");

  private CeleryRedis(RedisClient client) {
    this.client = client;
    this.connection = client.connect();
    this.redis = connection.sync();
  }

  /**
   * Connects to the Redis of {@code config} (URL, password, timeouts).
   *
   * @throws ConfigException on a malformed URL
   */
  public static CeleryRedis connect(RedisConfig config) {
    RedisURI uri;
    try {
      uri = RedisURI.create(config.url());
    } catch (RuntimeException e) {
      throw new ConfigException("redis.url: expected redis://[user:password@]host:port[/db], got "
          + config.redactedUrl());
    }
    if (config.password() != null && !RedisUris.hasPassword(config.url())) {
      uri.setAuthentication(config.password().toCharArray());
    }
    uri.setTimeout(config.commandTimeout());
    RedisClient client = RedisClient.create(uri);
    client.setOptions(ClientOptions.builder()
        .timeoutOptions(TimeoutOptions.enabled(config.commandTimeout()))
        .socketOptions(SocketOptions.builder().connectTimeout(config.connectTimeout()).build())
        .build());
    try {
      return new CeleryRedis(client);
    } catch (RuntimeException e) {
      client.shutdown();
      throw e;
    }
  }

  /** The client, for pub/sub connections of the result reader. */
  RedisClient client() {
    return client;
  }

  /** Declares {@code queue} as a Celery worker does (kombu's binding of the default exchange). */
  public void bind(String queue) {
    redis.sadd(CeleryKeys.binding(queue), CeleryKeys.bindingEntry(queue));
  }

  /** Moves up to {@code max} messages of {@code queue} from Celery's lists into its inbox. */
  public List<Taken> take(String queue, int max) {
    List<String> keys = new ArrayList<>(CeleryKeys.lists(queue));
    keys.add(CeleryKeys.inbox(queue));
    List<?> reply = (List<?>) take.call(ScriptOutputType.MULTI, keys, String.valueOf(max));
    List<Taken> taken = new ArrayList<>(reply.size() / 2);
    for (int i = 0; i + 1 < reply.size(); i += 2) {
      taken.add(new Taken(((Number) reply.get(i)).intValue(), String.valueOf(reply.get(i + 1))));
    }
    return taken;
  }

  /** Removes a message from the inbox of {@code queue} once it is a taskq task. */
  public void taken(String queue, String raw) {
    redis.zrem(CeleryKeys.inbox(queue), raw);
  }

  /**
   * Up to {@code max} messages left in the inbox of {@code queue} for more than {@code ageMs}
   * (by Redis time): a worker took them and stopped before storing them as tasks.
   */
  public List<Taken> stale(String queue, long ageMs, int max) {
    List<String> time = redis.time();
    long now = Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
    List<String> raws = redis.zrangebyscore(CeleryKeys.inbox(queue),
        Range.create(Double.NEGATIVE_INFINITY, (double) (now - ageMs)), Limit.create(0, max));
    return raws.stream().map(r -> new Taken(0, r)).toList();
  }

  /** Stores a result meta as Celery's backend does (SET with TTL, then PUBLISH). */
  public void storeResult(String taskId, String metaJson, long ttlSeconds) {
    storeResult.call(ScriptOutputType.INTEGER, List.of(CeleryKeys.meta(taskId)), metaJson,
        String.valueOf(ttlSeconds));
  }

  /** The stored result meta of a task, if any. */
  public @Nullable String result(String taskId) {
    return redis.get(CeleryKeys.meta(taskId));
  }

  /** Publishes a message as a Celery producer does: binds the queue, then LPUSHes. */
  public void publish(String queue, int priority, String message) {
    redis.sadd(CeleryKeys.binding(queue), CeleryKeys.bindingEntry(queue));
    redis.lpush(CeleryKeys.list(queue, priority), message);
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown();
  }

  /** A script resource, run by its SHA (loaded again when the server lost it). */
  private final class Lua {
    private final String text;
    private @Nullable String sha;

    Lua(String name) {
      String path = "/io/taskq/celery/lua/" + name + ".lua";
      try (InputStream in = Objects.requireNonNull(CeleryRedis.class.getResourceAsStream(path),
          path)) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    Object call(ScriptOutputType type, List<String> keys, String... args) {
      String[] k = keys.toArray(String[]::new);
      String s = sha;
      if (s != null) {
        try {
          return redis.<Object>evalsha(s, type, k, args);
        } catch (RedisNoScriptException e) {
          // the server restarted or SCRIPT FLUSH ran: load it again below
        }
      }
      sha = redis.scriptLoad(text);
      return redis.<Object>evalsha(Objects.requireNonNull(sha), type, k, args);
    }
  }
}

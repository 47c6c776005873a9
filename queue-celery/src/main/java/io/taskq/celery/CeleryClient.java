package io.taskq.celery;

import io.taskq.ConfigException;
import io.taskq.config.RedisConfig;
import io.taskq.celery.internal.CeleryRedis;
import io.taskq.celery.internal.OutgoingMessage;
import io.taskq.celery.internal.ResultWatcher;
import java.time.Clock;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Sends tasks that a real {@code celery worker} runs (Celery 5 task protocol v2, JSON, on its
 * Redis broker) and reads their results from Celery's Redis result backend. The same messages are
 * served by a taskq worker with {@code --protocol celery}.
 *
 * <pre>{@code
 * try (CeleryClient celery = CeleryClient.connect(RedisConfig.DEFAULT.withUrl(url))) {
 *   CeleryResult r = celery.send("tasks.add", List.of(2, 3), Map.of(), CeleryOptions.DEFAULT);
 *   Object five = r.get(Duration.ofSeconds(10));
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} releases the connections (results obtained from it stop
 * working).
 */
public final class CeleryClient implements AutoCloseable {
  private final CeleryRedis redis;
  private final ResultWatcher watcher;
  private final InstantSource clock;
  /** The app's id, sent as {@code reply_to} as a Celery app does (used only by rpc backends). */
  private final String appId = UUID.randomUUID().toString();

  private CeleryClient(CeleryRedis redis, InstantSource clock) {
    this.redis = redis;
    this.watcher = new ResultWatcher(redis);
    this.clock = clock;
  }

  /**
   * Connects to the Redis that is both Celery's broker and its result backend.
   *
   * @throws ConfigException on a malformed URL
   */
  public static CeleryClient connect(RedisConfig config) {
    return new CeleryClient(CeleryRedis.connect(config), Clock.systemUTC());
  }

  /** Connects to {@code url}, e.g. {@code redis://127.0.0.1:6379/0}. */
  public static CeleryClient connect(String url) {
    return connect(RedisConfig.DEFAULT.withUrl(url));
  }

  /**
   * Sends a task, as Python's {@code app.send_task(name, args=..., kwargs=..., **options)}.
   *
   * @param args positional arguments: JSON-encodable values (numbers, strings, booleans, null,
   *     lists, maps, records)
   * @param kwargs keyword arguments
   * @return the result handle; the task is in Celery's queue when this returns
   */
  public CeleryResult send(String taskName, List<?> args, Map<String, ?> kwargs,
      CeleryOptions options) {
    Objects.requireNonNull(taskName, "taskName");
    String id = options.id() != null ? options.id() : UUID.randomUUID().toString();
    String message = OutgoingMessage.build(id, taskName, args, kwargs, options, appId,
        clock.instant());
    redis.publish(options.queue(), options.priority(), message);
    return new CeleryResult(id, options.queue(), redis, watcher);
  }

  /** The result of a task sent earlier (by anyone), like Python's {@code AsyncResult(id)}. */
  public CeleryResult result(String taskId) {
    return new CeleryResult(taskId, "?", redis, watcher);
  }

  @Override
  public void close() {
    watcher.close();
    redis.close();
  }
}

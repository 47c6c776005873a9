package io.taskq.celery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.taskq.WaitTimeoutException;
import io.taskq.celery.internal.CeleryJson;
import io.taskq.celery.internal.CeleryRedis;
import io.taskq.celery.internal.ResultWatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A Celery task's result, read like Python's {@code AsyncResult}: {@link #state()} now,
 * {@link #get(Duration)} waiting for a ready state. Thread-safe; valid while its client is open.
 */
public final class CeleryResult {
  private final String id;
  private final String queue;
  private final CeleryRedis redis;
  private final ResultWatcher watcher;

  CeleryResult(String id, String queue, CeleryRedis redis, ResultWatcher watcher) {
    this.id = id;
    this.queue = queue;
    this.redis = redis;
    this.watcher = watcher;
  }

  /** The task id (Celery's {@code headers.id}). */
  public String id() {
    return id;
  }

  /**
   * The stored state: {@code PENDING} while nothing is stored (Celery never stores PENDING),
   * else {@code RECEIVED}, {@code STARTED}, {@code RETRY}, {@code SUCCESS}, {@code FAILURE} or
   * {@code REVOKED}.
   */
  public String state() {
    String meta = redis.result(id);
    String s = meta == null ? null : ResultWatcher.status(meta);
    return s == null ? "PENDING" : s;
  }

  /** The stored result meta JSON, as Celery's backend keeps it, if any. */
  public Optional<String> metaJson() {
    return Optional.ofNullable(redis.result(id));
  }

  /**
   * Waits until the task is ready and returns its value as a Java value (JSON null, boolean,
   * Integer/Long/BigInteger, Double, String, List, Map).
   *
   * @throws CeleryTaskException when it ended FAILURE or REVOKED
   * @throws WaitTimeoutException when it is not ready within {@code timeout}
   * @throws InterruptedException when interrupted while waiting
   */
  public @Nullable Object get(Duration timeout) throws InterruptedException {
    JsonNode result = resultNode(timeout);
    return result.isNull() ? null : CeleryJson.MAPPER.convertValue(result, Object.class);
  }

  /** As {@link #get(Duration)}, bound to {@code type} (e.g. a record, {@code Long.class}). */
  public <T> @Nullable T get(Duration timeout, Class<T> type) throws InterruptedException {
    JsonNode result = resultNode(timeout);
    return result.isNull() ? null : CeleryJson.MAPPER.convertValue(result, type);
  }

  private JsonNode resultNode(Duration timeout) throws InterruptedException {
    String meta = watcher.await(id, timeout);
    if (meta == null) {
      throw new WaitTimeoutException(queue, id, timeout);
    }
    JsonNode m;
    try {
      m = CeleryJson.MAPPER.readTree(meta);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("result meta of Celery task " + id + " is not JSON", e);
    }
    String status = m.path("status").asText();
    JsonNode result = m.path("result");
    if ("SUCCESS".equals(status)) {
      return result;
    }
    List<String> message = new ArrayList<>();
    JsonNode em = result.path("exc_message");
    if (em.isArray()) {
      em.forEach(v -> message.add(v.isTextual() ? v.asText() : v.toString()));
    } else if (!em.isMissingNode() && !em.isNull()) {
      message.add(em.isTextual() ? em.asText() : em.toString());
    }
    JsonNode tb = m.path("traceback");
    throw new CeleryTaskException(id, status, result.path("exc_type").asText("Exception"),
        result.path("exc_module").asText("builtins"), message,
        tb.isTextual() ? tb.asText() : null);
  }

  @Override
  public String toString() {
    return "CeleryResult[" + id + "]";
  }
}

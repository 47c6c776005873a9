package io.taskq.celery.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskq.PayloadException;
import org.jspecify.annotations.Nullable;

/**
 * The arguments of a taskq task made from a Celery message: Celery's args and kwargs as sent,
 * and the headers its result needs. Stored as the taskq task's arguments, so the DLQ and
 * {@code taskq task get} show it.
 */
public record CeleryCall(ArrayNode args, ObjectNode kwargs, Headers celery) {

  /** The Celery headers kept with the task (timestamps as Celery formats them). */
  public record Headers(
      int retries,
      @Nullable String eta,
      @Nullable String expires,
      @JsonProperty("parent_id") @Nullable String parentId,
      @JsonProperty("root_id") @Nullable String rootId,
      @Nullable String group,
      @JsonProperty("ignore_result") boolean ignoreResult) {}

  /** The JSON stored as the taskq task's arguments. */
  public String toJson() {
    return CeleryJson.write(CeleryJson.MAPPER.valueToTree(this));
  }

  /**
   * Reads the arguments of a claimed task.
   *
   * @throws PayloadException when they are not a Celery call (e.g. submitted by hand)
   */
  public static CeleryCall of(JsonNode json, String queue, String id, String taskName) {
    CeleryCall c = null;
    try {
      c = CeleryJson.MAPPER.treeToValue(json, CeleryCall.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      // described below
    }
    if (c == null || c.args() == null || c.kwargs() == null || c.celery() == null) {
      throw new PayloadException("task " + taskName + ": arguments are not a Celery call"
          + " ({\"args\": [...], \"kwargs\": {...}, \"celery\": {...}}); the task is"
          + " dead-lettered", queue, id, null);
    }
    return c;
  }
}

package io.taskq.celery.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Result meta JSON exactly as Celery's Redis backend stores it (PROTOCOL.md §6.1): the fields in
 * Celery's order {@code status, result, traceback, children, date_done, [parent_id], [group_id],
 * task_id}; {@code date_done} naive UTC, null for a state that is not ready.
 */
public final class ResultMeta {
  /** Celery's default {@code result_expires}: one day. */
  public static final long TTL_SECONDS = 86_400;

  private ResultMeta() {}

  public static String success(String id, @Nullable JsonNode result, CeleryCall.Headers h,
      Instant now) {
    return write("SUCCESS", result, null, CeleryJson.formatDateDone(now), id, h);
  }

  public static String failure(String id, CeleryException e, CeleryCall.Headers h, Instant now) {
    return write("FAILURE", e.toJson(), e.traceback(), CeleryJson.formatDateDone(now), id, h);
  }

  public static String revoked(String id, String reason, CeleryCall.Headers h, Instant now) {
    CeleryException e = new CeleryException("TaskRevokedError", "celery.exceptions",
        List.of(reason), null);
    return write("REVOKED", e.toJson(), null, CeleryJson.formatDateDone(now), id, h);
  }

  /** A retry is on its way: not ready ({@code get()} keeps waiting); children = the re-run. */
  public static String retry(String id, String traceback, CeleryCall.Headers h) {
    ObjectNode m = CeleryJson.object();
    m.put("status", "RETRY");
    m.putNull("result");
    m.put("traceback", traceback);
    ArrayNode child = m.putArray("children").addArray();
    child.addArray().add(id).addNull();
    child.addNull();
    m.putNull("date_done");
    tail(m, id, h);
    return CeleryJson.write(m);
  }

  private static String write(String status, @Nullable JsonNode result,
      @Nullable String traceback, @Nullable String dateDone, String id, CeleryCall.Headers h) {
    ObjectNode m = CeleryJson.object();
    m.put("status", status);
    m.set("result", result == null ? NullNode.instance : result);
    m.put("traceback", traceback);
    m.putArray("children");
    m.put("date_done", dateDone);
    tail(m, id, h);
    return CeleryJson.write(m);
  }

  private static void tail(ObjectNode m, String id, CeleryCall.Headers h) {
    if (h.parentId() != null) {
      m.put("parent_id", h.parentId());
    }
    if (h.group() != null) {
      m.put("group_id", h.group());
    }
    m.put("task_id", id);
  }
}

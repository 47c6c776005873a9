package io.taskq.redis.internal;

import io.taskq.spi.WorkerInfo;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes and reads a worker's registration hash {@code taskq:worker:<id>}. */
public final class WorkerFields {
  private WorkerFields() {}

  /** The hash of {@code w}, its last heartbeat at {@code nowMs}. */
  public static Map<String, String> format(WorkerInfo w, long nowMs) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("host", w.host());
    fields.put("pid", Long.toString(w.pid()));
    fields.put("queues", String.join(",", w.queues()));
    fields.put("concurrency", Integer.toString(w.concurrency()));
    fields.put("active", Integer.toString(w.active()));
    fields.put("startedAt", Long.toString(w.startedAt().toEpochMilli()));
    fields.put("lastHeartbeat", Long.toString(nowMs));
    return fields;
  }

  public static WorkerInfo parse(String id, Map<String, String> h) {
    String queues = h.getOrDefault("queues", "");
    return new WorkerInfo(id, h.getOrDefault("host", "?"), num(h, "pid"),
        queues.isEmpty() ? List.of() : Arrays.asList(queues.split(",")),
        (int) num(h, "concurrency"), (int) num(h, "active"),
        Instant.ofEpochMilli(num(h, "startedAt")), Instant.ofEpochMilli(num(h, "lastHeartbeat")));
  }

  private static long num(Map<String, String> h, String field) {
    try {
      return Long.parseLong(h.getOrDefault(field, "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}

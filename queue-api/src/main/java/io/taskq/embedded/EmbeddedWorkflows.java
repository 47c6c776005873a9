package io.taskq.embedded;

import io.taskq.TaskState;
import io.taskq.spi.WorkflowStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The embedded twin of {@code workflow_create.lua} and {@code workflow_settle.lua}: chain and
 * group records in memory, each expiring {@code ttl} after its last change. Thread-safe (one
 * lock).
 */
final class EmbeddedWorkflows implements WorkflowStore {
  private final InstantSource clock;
  private final Map<String, Map<String, String>> records = new HashMap<>();
  private final Map<String, Long> expiry = new HashMap<>();

  EmbeddedWorkflows(InstantSource clock) {
    this.clock = clock;
  }

  @Override
  public synchronized boolean create(String id, Map<String, String> fields, Duration ttl) {
    if (live(id) != null) {
      return false;
    }
    records.put(id, new HashMap<>(fields));
    expiry.put(id, clock.millis() + ttl.toMillis());
    return true;
  }

  @Override
  public synchronized Map<String, String> read(String id) {
    Map<String, String> wf = live(id);
    return wf == null ? Map.of() : Map.copyOf(wf);
  }

  @Override
  public synchronized Settled settle(String id, int index, TaskState state,
      @Nullable String result, @Nullable String failure, Duration ttl) {
    Map<String, String> wf = live(id);
    if (wf == null) {
      return Settled.NOTHING;
    }
    long now = clock.millis();
    expiry.put(id, now + ttl.toMillis());
    int size = Integer.parseInt(wf.getOrDefault("size", "0"));
    boolean group = "group".equals(wf.get("kind"));
    String fin = wf.get("state");
    if (state == TaskState.SUCCEEDED) {
      if (wf.putIfAbsent("r:" + index, result == null ? "null" : result) == null) {
        wf.merge("done", "1", (a, b) -> Integer.toString(Integer.parseInt(a) + 1));
      }
      int done = Integer.parseInt(wf.get("done"));
      boolean complete = group ? done == size : index == size - 1;
      if (!complete || "FAILED".equals(fin)) {
        return Settled.NOTHING;
      }
      if (fin == null) {
        wf.put("state", "SUCCEEDED");
        wf.put("finishedAt", Long.toString(now));
      }
      String body = wf.get("body");
      if (!group || body == null) {
        return Settled.NOTHING;
      }
      List<String> results = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        results.add(wf.getOrDefault("r:" + i, "null"));
      }
      return new Settled(body, null, results);
    }
    if (fin == null) {
      wf.put("state", "FAILED");
      wf.put("failed", Integer.toString(index));
      wf.put("error", failure == null ? "{}" : failure);
      wf.put("finishedAt", Long.toString(now));
    } else if (fin.equals("SUCCEEDED")) {
      return Settled.NOTHING;
    }
    String errback = wf.get("errback");
    return group && errback != null ? new Settled(null, errback, List.of()) : Settled.NOTHING;
  }

  private @Nullable Map<String, String> live(String id) {
    Long until = expiry.get(id);
    if (until != null && until <= clock.millis()) {
      records.remove(id);
      expiry.remove(id);
    }
    return records.get(id);
  }
}

package io.taskq.embedded;

import io.taskq.TaskState;
import io.taskq.spi.Broker;
import io.taskq.spi.TaskRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * What the embedded broker keeps of one queue's finished tasks: records and results until they
 * expire, and the ids that reached a final state under the current lock, told to watchers after
 * it. Guarded by the broker's lock; times are epoch ms.
 */
final class KeptRecords {
  private final Map<String, String> results = new HashMap<>();
  /** What is kept about a finished task, with or without a result; expires with it. */
  private final Map<String, TaskRecord> records = new HashMap<>();
  /** The kept ids by expiry time. */
  final ScoredSet expiry = new ScoredSet();
  /** Ids that reached a final state under the current lock, told to watchers after it. */
  private final List<String> finished = new ArrayList<>();

  /**
   * The embedded twin of the Lua {@code keep_record}: keeps {@code record} (may be null) and
   * {@code result} (may be null) of a task that reached a final state for {@code ttl} ms (nothing
   * when {@code ttl <= 0}); a result of an earlier run is dropped. Watchers are told in every
   * case, once the broker's lock is released.
   */
  void keep(String id, @Nullable TaskRecord record, @Nullable String result, long ttl, long now) {
    if (ttl > 0) {
      if (result != null) {
        results.put(id, result);
      } else {
        results.remove(id);
      }
      if (record != null) {
        records.put(id, record);
      }
      expiry.add(id, now + ttl);
    }
    finished.add(id);
  }

  /** Forgets results (and records) whose time is up, a batch at most. */
  void expire(long now) {
    for (String id : expiry.upTo(now, Broker.MAX_BATCH)) {
      expiry.remove(id);
      results.remove(id);
      records.remove(id);
    }
  }

  /**
   * Ids of kept records in {@code state} (SUCCEEDED, REVOKED, EXPIRED, or DEAD once out of the
   * DLQ), soonest to expire first; a kept result without a record counts as SUCCEEDED.
   */
  List<String> ids(TaskState state, long now, int limit) {
    expire(now);
    List<String> out = new ArrayList<>();
    for (String id : expiry.upTo(Long.MAX_VALUE, Integer.MAX_VALUE)) {
      if (out.size() >= limit) {
        break;
      }
      TaskRecord r = records.get(id);
      if ((r == null ? TaskState.SUCCEEDED : r.state()) == state) {
        out.add(id);
      }
    }
    return out;
  }

  /** Whether something (a record, a result or neither) is kept of {@code id}. */
  boolean contains(String id) {
    return expiry.contains(id);
  }

  @Nullable TaskRecord record(String id) {
    return records.get(id);
  }

  @Nullable String result(String id) {
    return results.get(id);
  }

  /** Hands each id that finished since the last call to {@code sink}, and forgets them. */
  void drainFinished(Consumer<String> sink) {
    finished.forEach(sink);
    finished.clear();
  }
}

package io.taskq.embedded;

import io.taskq.spi.WorkerInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The embedded broker's worker registry: heartbeats that expire; guarded by the broker's lock. */
final class EmbeddedWorkers {
  private final Map<String, WorkerInfo> workers = new LinkedHashMap<>();
  private final Map<String, Long> expiry = new LinkedHashMap<>();

  void heartbeat(WorkerInfo worker, Duration ttl, long now) {
    workers.put(worker.id(), new WorkerInfo(worker.id(), worker.host(), worker.pid(),
        worker.queues(), worker.concurrency(), worker.active(), worker.startedAt(),
        Instant.ofEpochMilli(now)));
    expiry.put(worker.id(), now + ttl.toMillis());
  }

  void gone(String workerId) {
    workers.remove(workerId);
    expiry.remove(workerId);
  }

  /** The workers whose last heartbeat has not expired at {@code now}; the others are dropped. */
  List<WorkerInfo> alive(long now) {
    expiry.entrySet().removeIf(e -> {
      boolean expired = e.getValue() <= now;
      if (expired) {
        workers.remove(e.getKey());
      }
      return expired;
    });
    return List.copyOf(workers.values());
  }
}

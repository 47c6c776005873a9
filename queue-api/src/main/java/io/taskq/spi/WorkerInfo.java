package io.taskq.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A worker's registration, refreshed by its heartbeat.
 *
 * @param id worker id ({@code host:pid:random})
 * @param host host name
 * @param pid process id
 * @param queues queues it consumes
 * @param concurrency total task slots
 * @param active tasks it holds now
 * @param startedAt when it started
 * @param lastHeartbeat when it last reported (broker clock on read)
 */
public record WorkerInfo(
    String id,
    String host,
    long pid,
    List<String> queues,
    int concurrency,
    int active,
    Instant startedAt,
    Instant lastHeartbeat) {
  public WorkerInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(host, "host");
    queues = List.copyOf(queues);
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(lastHeartbeat, "lastHeartbeat");
  }
}

package io.taskq;

import java.time.Instant;
import java.util.List;

/**
 * A worker as its registry entry shows it.
 *
 * @param id worker id ({@code host-pid-random})
 * @param host host name
 * @param pid process id
 * @param queues queues it serves
 * @param concurrency total slots
 * @param active tasks held at the last heartbeat
 * @param startedAt when it started
 * @param lastHeartbeat its last registry refresh
 * @param alive whether the heartbeat is recent (within three periods)
 */
public record WorkerStatus(String id, String host, long pid, List<String> queues,
    int concurrency, int active, Instant startedAt, Instant lastHeartbeat, boolean alive) {}

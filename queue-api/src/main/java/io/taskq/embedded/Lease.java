package io.taskq.embedded;

import io.taskq.spi.LeaseInfo;
import java.time.Instant;

/**
 * A claim of an active task in the embedded broker: the fencing token, who holds it, and when it
 * was claimed and started (epoch ms; {@code startedAt} 0 until the worker marks it started).
 */
record Lease(String token, String workerId, long claimedAt, long startedAt) {
  Lease started(long at) {
    return new Lease(token, workerId, claimedAt, at);
  }

  LeaseInfo info(long deadline) {
    return new LeaseInfo(workerId, Instant.ofEpochMilli(claimedAt),
        startedAt == 0 ? null : Instant.ofEpochMilli(startedAt),
        Instant.ofEpochMilli(deadline));
  }
}

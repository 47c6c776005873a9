package io.taskq.spi;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Who holds an active task.
 *
 * @param workerId the claiming worker
 * @param claimedAt when it was claimed
 * @param startedAt when its handler started, or {@code null} while reserved
 * @param deadline when the lease expires unless extended
 */
public record LeaseInfo(
    String workerId, Instant claimedAt, @Nullable Instant startedAt, Instant deadline) {
  public LeaseInfo {
    Objects.requireNonNull(workerId, "workerId");
    Objects.requireNonNull(claimedAt, "claimedAt");
    Objects.requireNonNull(deadline, "deadline");
  }
}

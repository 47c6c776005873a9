package io.taskq.spi;

import io.taskq.QueueConfig;
import io.taskq.RateLimit;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One claim: up to {@code max} pending tasks of {@code queue} for {@code workerId}, each under a
 * lease of {@code lease}, within the queue's limits shared by every worker.
 *
 * <p>The limits travel with each claim (like the lease): the broker keeps the state they need
 * (the token bucket; the tasks active) but not the limits themselves. Workers that disagree each
 * hold the shared state to their own limits (see {@code docs/lifecycle.md}).
 *
 * @param queue the queue
 * @param max most tasks wanted; 0 or less claims nothing
 * @param lease how long each claim holds before the reaper may return it
 * @param workerId the claiming worker
 * @param rateLimit the queue's rate of claims across every worker, or {@code null} = unlimited
 * @param maxActive most tasks of the queue claimed at once across every worker (reserved ones
 *     included); 0 = unlimited
 */
public record ClaimRequest(String queue, int max, Duration lease, String workerId,
    @Nullable RateLimit rateLimit, int maxActive) {

  public ClaimRequest {
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(workerId, "workerId");
    if (maxActive < 0) {
      throw new IllegalArgumentException("maxActive must be >= 0, was " + maxActive);
    }
  }

  /** A claim without limits. */
  public static ClaimRequest of(String queue, int max, Duration lease, String workerId) {
    return new ClaimRequest(queue, max, lease, workerId, null, 0);
  }

  /** A claim of up to {@code max} tasks under the lease and limits of {@code queue}. */
  public static ClaimRequest of(QueueConfig queue, int max, String workerId) {
    return new ClaimRequest(queue.name(), max, queue.lease(), workerId, queue.rateLimit(),
        queue.maxActive());
  }
}

package io.taskq.spi;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A task a worker now holds under a lease.
 *
 * @param queue its queue
 * @param id task id
 * @param envelope the stored envelope, or {@code null} when the payload is missing (an index/payload
 *     mismatch); the worker dead-letters such a task
 * @param token fencing token of this claim; ack, fail, extend and requeue must present it
 * @param leaseDeadline when the lease expires unless extended (broker clock)
 * @param claimedAt when it was claimed (broker clock)
 * @param crashRecoveries times the task's lease expired without an ack before this claim
 * @param revoked the task was revoked: the worker ends it {@code REVOKED} with
 *     {@link Broker#finish} without running it
 */
public record ClaimedTask(
    String queue,
    String id,
    @Nullable String envelope,
    String token,
    Instant leaseDeadline,
    Instant claimedAt,
    int crashRecoveries,
    boolean revoked) {

  public ClaimedTask {
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(leaseDeadline, "leaseDeadline");
    Objects.requireNonNull(claimedAt, "claimedAt");
  }

  /** A claim of a task that was not revoked. */
  public ClaimedTask(String queue, String id, @Nullable String envelope, String token,
      Instant leaseDeadline, Instant claimedAt, int crashRecoveries) {
    this(queue, id, envelope, token, leaseDeadline, claimedAt, crashRecoveries, false);
  }

  /** This claim's reference. */
  public LeaseRef ref() {
    return new LeaseRef(id, token);
  }

  @Override
  public String toString() {
    return "ClaimedTask[" + queue + "/" + id + "]";
  }
}

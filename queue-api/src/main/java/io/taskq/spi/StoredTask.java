package io.taskq.spi;

import io.taskq.TaskState;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A task as the broker holds it.
 *
 * @param queue its queue
 * @param id task id
 * @param state where it is
 * @param envelope the stored envelope, or {@code null} when the payload is missing
 * @param score due time (scheduled, retry), lease deadline (active) or death time (dead);
 *     {@code null} for pending and succeeded
 * @param lease who holds it when active, else {@code null}
 * @param crashRecoveries recorded crash recoveries
 */
public record StoredTask(
    String queue,
    String id,
    TaskState state,
    @Nullable String envelope,
    @Nullable Instant score,
    @Nullable LeaseInfo lease,
    int crashRecoveries) {
  public StoredTask {
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(state, "state");
  }

  @Override
  public String toString() {
    return "StoredTask[" + queue + "/" + id + " " + state + "]";
  }
}

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
 * @param record what is kept about a finished task (succeeded, with its result), else
 *     {@code null}
 * @param result the kept result of a succeeded task as JSON text, else {@code null}
 */
public record StoredTask(
    String queue,
    String id,
    TaskState state,
    @Nullable String envelope,
    @Nullable Instant score,
    @Nullable LeaseInfo lease,
    int crashRecoveries,
    @Nullable TaskRecord record,
    @Nullable String result) {
  public StoredTask {
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(state, "state");
  }

  /** A task that is not finished: no record, no result. */
  public StoredTask(String queue, String id, TaskState state, @Nullable String envelope,
      @Nullable Instant score, @Nullable LeaseInfo lease, int crashRecoveries) {
    this(queue, id, state, envelope, score, lease, crashRecoveries, null, null);
  }

  @Override
  public String toString() {
    return "StoredTask[" + queue + "/" + id + " " + state + "]";
  }
}

package io.taskq.spi;

import io.taskq.TaskState;
import java.util.Objects;

/**
 * One task to revoke, with the record it keeps if the revoke ends it at once. The caller builds
 * the record from the task's envelope (the broker never reads envelopes).
 *
 * @param id task id
 * @param record a {@link TaskState#REVOKED} record: task name, times, attempts
 */
public record Revocation(String id, TaskRecord record) {
  public Revocation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(record, "record");
    if (record.state() != TaskState.REVOKED) {
      throw new IllegalArgumentException("a revocation keeps a REVOKED record, not "
          + record.state());
    }
  }
}

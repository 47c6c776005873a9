package io.taskq;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What is known about one live task: its state, attempts and last error. A snapshot; the task may
 * have moved on by the time it is read.
 *
 * @param id task id
 * @param queue its queue
 * @param taskName task name ({@code unknown} when its envelope cannot be read)
 * @param state lifecycle state
 * @param retries retries so far
 * @param crashRecoveries times a worker died running it
 * @param createdAt when it was submitted, or {@code null} when the envelope cannot be read
 * @param dueAt when it is due (scheduled, retry), was claimed until (active) or died (dead)
 * @param workerId the worker holding it (active), or {@code null}
 * @param startedAt when its current attempt started (active), or {@code null} while reserved
 * @param lastError the last failure, or {@code null}
 * @param attempts history, oldest first (capped)
 */
public record TaskInfo(
    String id,
    String queue,
    String taskName,
    TaskState state,
    int retries,
    int crashRecoveries,
    @Nullable Instant createdAt,
    @Nullable Instant dueAt,
    @Nullable String workerId,
    @Nullable Instant startedAt,
    @Nullable TaskError lastError,
    List<TaskAttempt> attempts) {

  public TaskInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(taskName, "taskName");
    Objects.requireNonNull(state, "state");
    attempts = List.copyOf(attempts);
  }
}

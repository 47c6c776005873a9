package io.taskq;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What is known about one task: its state, attempts and last error, and for a succeeded task its
 * result. A snapshot; the task may have moved on by the time it is read. A finished task is known
 * by its record for its queue's {@code resultTtl} (one day by default), whether or not its
 * handler returned a value; for one that ended DEAD, REVOKED or EXPIRED, {@link #lastError()} is
 * the record's error.
 * {@link #toString()} shows the id, queue, name and state only (never the result).
 *
 * @param id task id
 * @param queue its queue
 * @param taskName task name ({@code unknown} when its envelope cannot be read, or for a
 *     succeeded task kept by a version that did not record it)
 * @param state lifecycle state
 * @param retries retries so far (for a succeeded task: attempts before the one that succeeded)
 * @param crashRecoveries times a worker died running it
 * @param createdAt when it was submitted, or {@code null} when the envelope cannot be read
 * @param dueAt when it is due (scheduled, retry), was claimed until (active) or died (dead)
 * @param workerId the worker holding it (active), or {@code null}
 * @param startedAt when its current attempt started (active) or its last attempt started
 *     (succeeded), or {@code null} while reserved or unknown
 * @param lastError the last failure, or {@code null}
 * @param attempts history, oldest first (capped)
 * @param finishedAt when it reached its final state, or {@code null} when not finished or
 *     unknown
 * @param resultJson the kept result of a succeeded task as JSON text, else {@code null}
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
    List<TaskAttempt> attempts,
    @Nullable Instant finishedAt,
    @Nullable String resultJson) {

  public TaskInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(taskName, "taskName");
    Objects.requireNonNull(state, "state");
    attempts = List.copyOf(attempts);
  }

  /** A task that has not finished: no finish time, no result. */
  public TaskInfo(String id, String queue, String taskName, TaskState state, int retries,
      int crashRecoveries, @Nullable Instant createdAt, @Nullable Instant dueAt,
      @Nullable String workerId, @Nullable Instant startedAt, @Nullable TaskError lastError,
      List<TaskAttempt> attempts) {
    this(id, queue, taskName, state, retries, crashRecoveries, createdAt, dueAt, workerId,
        startedAt, lastError, attempts, null, null);
  }

  @Override
  public String toString() {
    return "TaskInfo[" + queue + "/" + id + " " + taskName + " " + state + "]";
  }
}

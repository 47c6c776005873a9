package io.taskq.spi;

import io.taskq.TaskError;
import io.taskq.TaskState;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a broker keeps about a finished task once its envelope is gone, for the queue's result
 * TTL: how it ended ({@link TaskState#isFinal()}), its times and its error.
 *
 * @param state how the task ended
 * @param taskName task name
 * @param createdAt when it was submitted, or {@code null} when unknown
 * @param startedAt when its last attempt started, or {@code null} when unknown
 * @param finishedAt when its last attempt ended (worker clock)
 * @param attempts attempts run, the last one included
 * @param workerId the worker that ran the last attempt, or {@code null} when unknown
 * @param error why it did not succeed (type and message; no stack), or {@code null}
 */
public record TaskRecord(
    TaskState state,
    String taskName,
    @Nullable Instant createdAt,
    @Nullable Instant startedAt,
    Instant finishedAt,
    int attempts,
    @Nullable String workerId,
    @Nullable TaskError error) {
  public TaskRecord {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(taskName, "taskName");
    Objects.requireNonNull(finishedAt, "finishedAt");
  }

  /** A record without an error. */
  public TaskRecord(TaskState state, String taskName, @Nullable Instant createdAt,
      @Nullable Instant startedAt, Instant finishedAt, int attempts, @Nullable String workerId) {
    this(state, taskName, createdAt, startedAt, finishedAt, attempts, workerId, null);
  }
}

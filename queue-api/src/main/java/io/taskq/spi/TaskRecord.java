package io.taskq.spi;

import io.taskq.TaskState;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a broker keeps about a finished task once its envelope is gone: written by the ack that
 * keeps a result and kept as long as that result (its result TTL). Today only {@code SUCCEEDED}
 * tasks have one; the state field lets other terminal states be recorded the same way.
 *
 * @param state how the task ended
 * @param taskName task name
 * @param createdAt when it was submitted, or {@code null} when unknown
 * @param startedAt when its last attempt started, or {@code null} when unknown
 * @param finishedAt when its last attempt ended (worker clock)
 * @param attempts attempts run, the last one included
 * @param workerId the worker that ran the last attempt, or {@code null} when unknown
 */
public record TaskRecord(
    TaskState state,
    String taskName,
    @Nullable Instant createdAt,
    @Nullable Instant startedAt,
    Instant finishedAt,
    int attempts,
    @Nullable String workerId) {
  public TaskRecord {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(taskName, "taskName");
    Objects.requireNonNull(finishedAt, "finishedAt");
  }
}

package io.taskq;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a task ended, as its record says: kept for its queue's {@code resultTtl} (default one day)
 * after it reached a final state. {@link #toString()} never shows the result.
 *
 * @param id task id
 * @param queue its queue
 * @param state SUCCEEDED, DEAD, REVOKED or EXPIRED ({@link TaskState#isFinal()})
 * @param resultJson what the handler returned, as JSON text ({@code null} when it returned
 *     nothing, the task did not succeed, or the value was not JSON)
 * @param error why it did not succeed (type and message; no stack), else {@code null}
 * @param createdAt when it was submitted, or {@code null} when unknown
 * @param startedAt when its last attempt started, or {@code null} when unknown or it never ran
 * @param finishedAt when it reached its final state, or {@code null} when unknown
 */
public record TaskResult(
    String id,
    String queue,
    TaskState state,
    @Nullable String resultJson,
    @Nullable TaskError error,
    @Nullable Instant createdAt,
    @Nullable Instant startedAt,
    @Nullable Instant finishedAt) {
  public TaskResult {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(state, "state");
    if (!state.isFinal()) {
      throw new IllegalArgumentException("a task result has a final state, was " + state);
    }
  }

  /** Whether the task succeeded. */
  public boolean succeeded() {
    return state == TaskState.SUCCEEDED;
  }

  @Override
  public String toString() {
    return "TaskResult[" + queue + "/" + id + " " + state + "]";
  }
}

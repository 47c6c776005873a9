package io.taskq;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A task that was awaited ended without success: DEAD (its retries ran out, it was rejected, or
 * it crashed workers too often), REVOKED or EXPIRED. Carries the final state and the error
 * (type and message) the record keeps.
 */
public class TaskFailedException extends TaskqException {
  private static final long serialVersionUID = 1L;
  private final TaskState state;
  private final @Nullable TaskError error;

  public TaskFailedException(String queue, String taskId, TaskState state,
      @Nullable TaskError error) {
    super("task " + taskId + " in queue " + queue + " ended " + state
        + (error == null ? "" : ": " + error.type() + ": " + error.message()), queue, taskId,
        null);
    this.state = Objects.requireNonNull(state, "state");
    this.error = error;
  }

  /** DEAD, REVOKED or EXPIRED. */
  public TaskState state() {
    return state;
  }

  /** Why it failed (type and message), or {@code null} when the record holds none. */
  public @Nullable TaskError error() {
    return error;
  }
}

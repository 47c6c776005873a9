package io.taskq;

import org.jspecify.annotations.Nullable;

/**
 * Root of every exception taskq throws. Unchecked: no checked exception leaves the client, the
 * worker or the inspector. Carries the queue and task id it concerns when there is one.
 */
public class TaskqException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final @Nullable String queue;
  private final @Nullable String taskId;

  public TaskqException(String message) {
    this(message, null, null, null);
  }

  public TaskqException(String message, @Nullable Throwable cause) {
    this(message, null, null, cause);
  }

  public TaskqException(
      String message, @Nullable String queue, @Nullable String taskId, @Nullable Throwable cause) {
    super(message, cause);
    this.queue = queue;
    this.taskId = taskId;
  }

  /** What happened; never {@code null}, as every constructor takes a message. */
  @Override
  public String getMessage() {
    String message = super.getMessage();
    return message != null ? message : getClass().getSimpleName(); // null only from unchecked code
  }

  /** The queue concerned, or {@code null} when the failure is not about one queue. */
  public @Nullable String queue() {
    return queue;
  }

  /** The task id concerned, or {@code null} when the failure is not about one task. */
  public @Nullable String taskId() {
    return taskId;
  }
}

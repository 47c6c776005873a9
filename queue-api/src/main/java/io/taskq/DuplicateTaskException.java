package io.taskq;

/**
 * A task with the same id is already live in the queue, or another task holds the same unique key
 * ({@link TaskOptions#uniqueKey()}), and the caller asked for duplicates to be refused
 * ({@link TaskOptions#rejectDuplicate()}). The existing task is left unchanged;
 * {@link #taskId()} is its id.
 */
public class DuplicateTaskException extends TaskqException {
  private static final long serialVersionUID = 1L;

  public DuplicateTaskException(String queue, String taskId) {
    super("task " + taskId + " already exists in queue " + queue + "; nothing was submitted",
        queue, taskId, null);
  }

  /** Task {@code holderId} holds {@code uniqueKey} in {@code queue}. */
  public DuplicateTaskException(String queue, String holderId, String uniqueKey) {
    super("task " + holderId + " in queue " + queue + " holds the unique key '" + uniqueKey
        + "'; nothing was submitted", queue, holderId, null);
  }
}

package io.taskq;

/**
 * A task with the same id (or uniqueness key) is already live in the queue and the caller asked
 * for duplicates to be refused ({@link TaskOptions#rejectDuplicate()}). The existing task is left
 * unchanged.
 */
public class DuplicateTaskException extends TaskqException {
  private static final long serialVersionUID = 1L;

  public DuplicateTaskException(String queue, String taskId) {
    super("task " + taskId + " already exists in queue " + queue + "; nothing was submitted",
        queue, taskId, null);
  }
}

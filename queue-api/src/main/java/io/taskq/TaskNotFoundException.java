package io.taskq;

import org.jspecify.annotations.Nullable;

/** No task with the given id exists (in the given queue, or in any known queue). */
public class TaskNotFoundException extends TaskqException {
  private static final long serialVersionUID = 1L;

  public TaskNotFoundException(@Nullable String queue, String taskId) {
    super("task " + taskId + " not found" + (queue == null ? "" : " in queue " + queue),
        queue, taskId, null);
  }
}

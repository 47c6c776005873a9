package io.taskq;

import java.time.Duration;

/**
 * Recorded as a task's failure when its handler ran past the queue's hard time limit; the handler
 * was interrupted and the task is retried under the queue's policy.
 */
public class TimeLimitExceededException extends TaskqException {
  private static final long serialVersionUID = 1L;

  public TimeLimitExceededException(String queue, String taskId, Duration limit) {
    super("task " + taskId + " in queue " + queue + " exceeded its time limit of " + limit
        + "; handler interrupted", queue, taskId, null);
  }
}

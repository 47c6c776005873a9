package io.taskq;

import java.time.Duration;

/**
 * Waiting for a task timed out. The task was not changed: it may still run and finish; wait
 * again, or look it up later with {@link TaskClient#result}.
 */
public class WaitTimeoutException extends TaskqException {
  private static final long serialVersionUID = 1L;

  public WaitTimeoutException(String queue, String taskId, Duration waited) {
    super("task " + taskId + " in queue " + queue + " did not finish within "
        + waited.toMillis() + " ms", queue, taskId, null);
  }
}

package io.taskq;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Recorded as a task's failure when its handler ran past its hard time limit (the task's own
 * {@link TaskOptions#timeLimit()}, else its queue's {@link QueueConfig#timeLimit()}); the handler
 * was interrupted, its slot freed, and the task is retried under the queue's policy.
 */
public class TimeLimitExceededException extends TaskqException {
  private static final long serialVersionUID = 1L;

  public TimeLimitExceededException(String queue, String taskId, Duration limit) {
    super("task " + taskId + " in queue " + queue + " exceeded its time limit of " + limit
        + "; handler interrupted", queue, taskId, null);
  }

  /** For subclasses: their own message. */
  protected TimeLimitExceededException(String message, @Nullable String queue,
      @Nullable String taskId, @Nullable Throwable cause) {
    super(message, queue, taskId, cause);
  }
}

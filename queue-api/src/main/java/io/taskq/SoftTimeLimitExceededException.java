package io.taskq;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A handler stopped at its soft time limit. Past the soft limit (the task's
 * {@link TaskOptions#softTimeLimit()}, else its queue's {@link QueueConfig#softTimeLimit()}) the
 * worker sets {@link TaskContext#isCancelled()} and interrupts the handler; a handler that then
 * stops throws this exception (or lets an {@link InterruptedException} out, which the worker
 * records as this exception with the interruption as its cause). A handler that returns normally
 * after its soft limit succeeds.
 *
 * <p>A subclass of {@link TimeLimitExceededException}: the retry policy treats both alike, so
 * {@code abortOn(TimeLimitExceededException.class)} covers soft limits too.
 */
public class SoftTimeLimitExceededException extends TimeLimitExceededException {
  private static final long serialVersionUID = 1L;

  /**
   * @param limit the soft limit that passed, or {@code null} when the thrower does not know it
   * @param cause the interruption the handler stopped on, if any
   */
  public SoftTimeLimitExceededException(String queue, String taskId, @Nullable Duration limit,
      @Nullable Throwable cause) {
    super("task " + taskId + " in queue " + queue + " stopped at its soft time limit"
        + (limit == null ? "" : " of " + limit), queue, taskId, cause);
  }

  /** For a handler that saw {@link TaskContext#isCancelled()} and stops. */
  public SoftTimeLimitExceededException(TaskContext ctx) {
    this(ctx.queue(), ctx.id(), null, null);
  }
}

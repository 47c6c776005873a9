package io.taskq;

import org.jspecify.annotations.Nullable;

/**
 * The code that runs a task. Called on a worker thread (a virtual thread), possibly concurrently
 * with other tasks; an attempt may be interrupted (time limit, lost lease, shutdown) and should
 * then stop. Outcomes: returning is success (a non-null result is JSON-encoded and kept when
 * results are enabled); {@link RetryLaterException} retries after its delay;
 * {@link SkipRetryException} dead-letters at once; any other exception is a failure under the
 * queue's {@link RetryPolicy}. Work that returns nothing and needs no context registers as a
 * {@link TaskConsumer} instead ({@code mail -> mailer.send(mail)}).
 *
 * @param <P> payload type
 */
@FunctionalInterface
public interface TaskHandler<P> {

  /**
   * Runs one attempt.
   *
   * @return the result, or {@code null}
   * @throws Exception a failure, handled by the retry policy
   */
  @Nullable Object handle(P payload, TaskContext context) throws Exception;
}

package io.taskq.worker.internal;

import io.taskq.SkipRetryException;

/**
 * A handler returned a result whose JSON is larger than {@code maxResult}: the task fails without
 * retry (the same input would return the same result) and goes to the dead-letter queue with this
 * message as its reason. The result itself is not kept and never shown.
 */
public final class ResultTooLargeException extends SkipRetryException {
  private static final long serialVersionUID = 1L;

  public ResultTooLargeException(long bytes, int maxResult) {
    super("the task's result is " + bytes + " bytes of JSON, over the limit of " + maxResult
        + " bytes (maxResult); return a smaller result, such as a reference to where the data"
        + " is stored, or raise maxResult");
  }
}

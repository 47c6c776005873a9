package io.taskq;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by a handler to send its task straight to the dead-letter queue, whatever retries are
 * left (for example a permanently invalid e-mail address). The message becomes the DLQ reason.
 */
public class SkipRetryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SkipRetryException(String message) {
    super(message);
  }

  public SkipRetryException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}

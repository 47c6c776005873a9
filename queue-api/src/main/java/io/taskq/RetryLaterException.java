package io.taskq;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Thrown by a handler to retry its task after the given delay instead of the queue's backoff (for
 * example when a remote service answers 429 with Retry-After). Counts as a retry: once the
 * queue's {@code maxRetries} is used up the task is dead-lettered.
 */
public class RetryLaterException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final Duration delay;

  public RetryLaterException(Duration delay) {
    this(delay, "retry requested in " + delay, null);
  }

  public RetryLaterException(Duration delay, String message, @Nullable Throwable cause) {
    super(message, cause);
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must be >= 0, was " + delay);
    }
    this.delay = delay;
  }

  /** How long to wait before the next attempt. */
  public Duration delay() {
    return delay;
  }
}

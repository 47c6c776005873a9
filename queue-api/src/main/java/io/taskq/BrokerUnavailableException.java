package io.taskq;

import org.jspecify.annotations.Nullable;

/**
 * The broker (Redis) could not be reached or did not answer within the command timeout. Nothing was
 * written on the caller's behalf unless the broker says otherwise; submitting again with the same
 * task id is safe (enqueue is idempotent on the id).
 */
public class BrokerUnavailableException extends TaskqException {
  private static final long serialVersionUID = 1L;

  public BrokerUnavailableException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  public BrokerUnavailableException(
      String message, @Nullable String queue, @Nullable String taskId, @Nullable Throwable cause) {
    super(message, queue, taskId, cause);
  }
}

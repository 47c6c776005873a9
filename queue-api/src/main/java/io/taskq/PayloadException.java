package io.taskq;

import org.jspecify.annotations.Nullable;

/**
 * A payload could not be encoded, is larger than the configured limit ({@code maxPayload}), or
 * could not be decoded into the task's declared payload type. At submit time nothing is enqueued;
 * on a worker the task is dead-lettered with this message as the reason.
 */
public class PayloadException extends TaskqException {
  private static final long serialVersionUID = 1L;

  public PayloadException(
      String message, @Nullable String queue, @Nullable String taskId, @Nullable Throwable cause) {
    super(message, queue, taskId, cause);
  }
}

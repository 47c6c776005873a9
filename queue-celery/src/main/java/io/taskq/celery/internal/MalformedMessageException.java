package io.taskq.celery.internal;

import io.taskq.TaskqException;
import org.jspecify.annotations.Nullable;

/** A Celery message taskq cannot run; its message is the reason kept in the DLQ. */
public final class MalformedMessageException extends TaskqException {
  private static final long serialVersionUID = 1L;

  private final @Nullable String celeryId;

  public MalformedMessageException(String reason) {
    this(reason, null);
  }

  public MalformedMessageException(String reason, @Nullable String celeryId) {
    super(reason);
    this.celeryId = celeryId;
  }

  /** The message's task id when it could be read (a FAILURE result is stored for it). */
  public @Nullable String celeryId() {
    return celeryId;
  }
}

package io.taskq.celery;

import io.taskq.TaskqException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A Celery task ended in FAILURE or REVOKED: what {@code AsyncResult.get()} raises in Python,
 * as its result meta describes it ({@code exc_type}, {@code exc_module}, {@code exc_message}).
 */
public final class CeleryTaskException extends TaskqException {
  private static final long serialVersionUID = 1L;

  private final String state;
  private final String excType;
  private final String excModule;
  private final List<String> excMessage;
  private final @Nullable String traceback;

  CeleryTaskException(String taskId, String state, String excType, String excModule,
      List<String> excMessage, @Nullable String traceback) {
    super("Celery task " + taskId + " ended " + state + ": " + excModule + "." + excType + ": "
        + String.join(", ", excMessage), null, taskId, null);
    this.state = state;
    this.excType = excType;
    this.excModule = excModule;
    this.excMessage = List.copyOf(excMessage);
    this.traceback = traceback;
  }

  /** FAILURE or REVOKED. */
  public String state() {
    return state;
  }

  /** The exception's class name, e.g. {@code ValueError}, {@code NotRegistered}. */
  public String excType() {
    return excType;
  }

  /** Its module, e.g. {@code builtins}, {@code celery.exceptions}. */
  public String excModule() {
    return excModule;
  }

  /** Its constructor arguments as text (usually one: the message). */
  public List<String> excMessage() {
    return excMessage;
  }

  /** The traceback the worker stored (Python's, or a Java stack trace), if any. */
  public @Nullable String traceback() {
    return traceback;
  }
}

package io.taskq;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A failure recorded on a task: the exception class, its message and a truncated stack trace.
 * Never holds payloads or arguments (handlers should not put them in exception messages either).
 *
 * @param type exception class name, or a reason code such as {@code Rejected} or {@code Crashed}
 * @param message what happened
 * @param stack truncated stack trace, or {@code null}
 */
public record TaskError(String type, String message, @Nullable String stack) {

  /** Longest stack trace kept, in characters. */
  public static final int MAX_STACK = 4000;

  /** Longest message kept, in characters. */
  public static final int MAX_MESSAGE = 1000;

  public TaskError {
    Objects.requireNonNull(type, "type");
    message = truncate(Objects.requireNonNullElse(message, ""), MAX_MESSAGE);
    stack = stack == null ? null : truncate(stack, MAX_STACK);
  }

  /** The error of an exception, with its stack trace truncated. */
  public static TaskError of(Throwable error) {
    var out = new java.io.StringWriter();
    error.printStackTrace(new java.io.PrintWriter(out));
    return new TaskError(error.getClass().getName(),
        Objects.requireNonNullElse(error.getMessage(), ""), out.toString());
  }

  /** An error with a reason code and message and no stack trace. */
  public static TaskError reason(String type, String message) {
    return new TaskError(type, message, null);
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "...";
  }
}

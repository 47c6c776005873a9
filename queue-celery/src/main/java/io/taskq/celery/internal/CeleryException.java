package io.taskq.celery.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskq.SoftTimeLimitExceededException;
import io.taskq.TimeLimitExceededException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A failure as Celery's result meta carries it: {@code exc_type}, {@code exc_module} and
 * {@code exc_message} (the exception's constructor arguments), Python rebuilding the exception
 * from them. Java exceptions map onto Python's built-ins where the meaning is the same
 * (IllegalArgumentException is ValueError), else keep their simple name and package.
 */
public record CeleryException(String type, String module, List<String> message,
    @Nullable String traceback) {
  private static final int MAX_TRACE = 4000;
  private static final Map<Class<?>, String> BUILTINS = Map.of(
      IllegalArgumentException.class, "ValueError",
      NumberFormatException.class, "ValueError",
      IllegalStateException.class, "RuntimeError",
      UnsupportedOperationException.class, "NotImplementedError",
      ClassCastException.class, "TypeError",
      ArithmeticException.class, "ArithmeticError",
      IndexOutOfBoundsException.class, "IndexError",
      java.util.NoSuchElementException.class, "KeyError");

  /** The Celery form of a handler's exception, with its Java stack trace as the traceback. */
  public static CeleryException of(Throwable t) {
    String msg = t.getMessage() == null ? "" : t.getMessage();
    String type;
    String module;
    if (t instanceof TimeLimitExceededException) {
      type = "TimeLimitExceeded";
      module = "billiard.exceptions";
    } else if (t instanceof SoftTimeLimitExceededException) {
      type = "SoftTimeLimitExceeded";
      module = "billiard.exceptions";
    } else if (BUILTINS.containsKey(t.getClass())) {
      type = BUILTINS.get(t.getClass());
      module = "builtins";
    } else {
      type = t.getClass().getSimpleName();
      module = t.getClass().getPackageName();
    }
    return new CeleryException(type, module, List.of(msg), trace(t));
  }

  public ObjectNode toJson() {
    ObjectNode e = CeleryJson.object();
    e.put("exc_type", type);
    message.forEach(e.putArray("exc_message")::add);
    e.put("exc_module", module);
    return e;
  }

  private static String trace(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    String s = w.toString();
    return s.length() <= MAX_TRACE ? s : s.substring(0, MAX_TRACE);
  }
}

package io.taskq.cli;

import io.taskq.inspect.Terminal;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Chooses the log format before the first logger exists: {@code $TASKQ_LOG_FORMAT}
 * ({@code text} or {@code json}) when set, else text when standard error is a terminal (a person
 * reads it) and JSON otherwise (a collector reads it). {@code logback.xml} reads the choice from
 * the system property {@code taskq.log.format}.
 */
final class LogFormat {
  static final String PROPERTY = "taskq.log.format";

  private LogFormat() {}

  /**
   * Sets {@link #PROPERTY} unless it is set already.
   *
   * @return {@code null}, or the one-line error for a {@code $TASKQ_LOG_FORMAT} that is neither
   *     {@code text} nor {@code json}
   */
  static @Nullable String select(@Nullable String env, boolean stderrIsTerminal) {
    if (System.getProperty(PROPERTY) != null) {
      return null;
    }
    String format = env == null || env.isBlank() ? (stderrIsTerminal ? "text" : "json")
        : env.strip().toLowerCase(Locale.ROOT);
    if (!format.equals("text") && !format.equals("json")) {
      return "taskq: TASKQ_LOG_FORMAT must be text or json, was '" + env + "'";
    }
    System.setProperty(PROPERTY, format);
    return null;
  }
}

package io.taskq.redis.internal;

import io.taskq.TaskError;
import io.taskq.TaskState;
import io.taskq.spi.TaskRecord;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Writes and reads a {@code records} hash value:
 * {@code state|createdAt|startedAt|finishedAt|attempts|taskName|workerId|errorType|errorMessage}
 * (times in epoch ms, empty when unknown; the error fields escaped with {@link #escape}). Later
 * fields may be appended; a reader ignores fields it does not know. Task names and worker ids
 * hold no {@code |} (the lease field relies on that too).
 */
public final class RecordField {
  private RecordField() {}

  public static String format(TaskRecord r) {
    return r.state().name() + '|' + millis(r.createdAt()) + '|' + millis(r.startedAt()) + '|'
        + r.finishedAt().toEpochMilli() + '|' + r.attempts() + '|' + r.taskName() + '|'
        + (r.workerId() == null ? "" : r.workerId()) + '|'
        + (r.error() == null ? "" : escape(r.error().type()) + '|' + escape(r.error().message()));
  }

  /** {@code %} and {@code |} as {@code %25} and {@code %7C}, so a field never holds a bar. */
  public static String escape(String s) {
    return s.replace("%", "%25").replace("|", "%7C");
  }

  private static String unescape(String s) {
    return s.replace("%7C", "|").replace("%25", "%");
  }

  /** The record of a value, or {@code null} when the value is not one (written by a newer
   *  version in an unknown state, or damaged). */
  public static @Nullable TaskRecord parse(String value) {
    String[] p = value.split("\\|", -1);
    if (p.length < 7) {
      return null;
    }
    try {
      TaskError error = p.length >= 9 && !p[7].isEmpty()
          ? new TaskError(unescape(p[7]), unescape(p[8]), null) : null;
      return new TaskRecord(TaskState.valueOf(p[0]), p[5], instant(p[1]), instant(p[2]),
          Instant.ofEpochMilli(Long.parseLong(p[3])), Integer.parseInt(p[4]),
          p[6].isEmpty() ? null : p[6], error);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String millis(@Nullable Instant i) {
    return i == null ? "" : Long.toString(i.toEpochMilli());
  }

  private static @Nullable Instant instant(String ms) {
    return ms.isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(ms));
  }
}

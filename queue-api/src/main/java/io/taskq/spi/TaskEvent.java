package io.taskq.spi;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One entry of the task event stream ({@link EventStream}): what happened to which task, when
 * and where. Never holds a payload, an argument or a result.
 *
 * @param type what happened
 * @param queue the task's queue
 * @param task the task name ({@code unknown} when it could not be read)
 * @param taskId the task id
 * @param attempt the attempt the event belongs to (1 for the first run; 0 when none ran, as for
 *     {@code sent})
 * @param worker the id of the worker that reported it, or {@code null} for a client
 * @param host the host name of the process that reported it
 * @param time when it happened, by the reporting process's clock (millisecond precision)
 * @param errorType for {@code failed}, {@code dead}, {@code revoked}: the error's type (a class
 *     name or {@code Rejected}), else {@code null}
 * @param errorMessage the error's message cut to {@link #MAX_MESSAGE} characters, or {@code null}
 */
public record TaskEvent(Type type, String queue, String task, String taskId, int attempt,
    @Nullable String worker, String host, Instant time, @Nullable String errorType,
    @Nullable String errorMessage) {

  /** Longest error message an event keeps; longer ones are cut and end with an ellipsis. */
  public static final int MAX_MESSAGE = 200;

  /** What happened to a task. */
  public enum Type {
    /** A client submitted it. */
    SENT,
    /** A worker started its handler. */
    STARTED,
    /** Its handler returned and the worker's ack was recorded. */
    SUCCEEDED,
    /** An attempt failed; {@link #RETRIED} or {@link #DEAD} follows. */
    FAILED,
    /** It waits for its backoff before another attempt. */
    RETRIED,
    /** It was moved to the dead-letter queue (after a failure, or rejected without running). */
    DEAD,
    /** A worker ended it revoked. */
    REVOKED,
    /** A worker claimed it after its expiry and ended it without running it. */
    EXPIRED;

    /** The lowercase name used in the stream and in JSON: {@code sent}, {@code started}... */
    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The type of a lowercase or uppercase name.
     *
     * @throws IllegalArgumentException naming the accepted words
     */
    public static Type of(String word) {
      for (Type t : values()) {
        if (t.word().equalsIgnoreCase(word)) {
          return t;
        }
      }
      throw new IllegalArgumentException("unknown event type \"" + word + "\" (expected one of"
          + " sent, started, succeeded, failed, retried, dead, revoked, expired)");
    }
  }

  public TaskEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(host, "host");
    time = Instant.ofEpochMilli(Objects.requireNonNull(time, "time").toEpochMilli());
    errorMessage = cut(errorMessage);
  }

  private static @Nullable String cut(@Nullable String message) {
    if (message == null || message.length() <= MAX_MESSAGE) {
      return message;
    }
    return message.substring(0, MAX_MESSAGE - 1) + "…";
  }
}

package io.taskq.internal;

import io.taskq.TaskAttempt;
import io.taskq.TaskError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A task as stored: payload plus metadata. Encoded as versioned JSON by {@link EnvelopeCodec};
 * brokers store it as opaque text and never parse it. Immutable; {@code toString()} prints no
 * arguments.
 *
 * <p>Every envelope starts from one of two factories: {@link #submitted} (the client, the beat,
 * the test kit) or {@link #rejected} (a stored text the worker could not decode); it then changes
 * only through {@link #withAttempt} (an attempt ended: retry, dead-letter) and {@link #replayed}.
 *
 * @param version envelope format version ({@link EnvelopeCodec#VERSION})
 * @param id task id
 * @param task task name
 * @param queue queue it was submitted to
 * @param args the payload as JSON text
 * @param headers submit-time headers
 * @param correlationId correlation id, or {@code null}
 * @param createdAt submit time (submitter's clock)
 * @param retries retries so far (attempts that failed and were retried)
 * @param history ended attempts and operator notes, oldest first, capped at {@link #MAX_HISTORY}
 * @param lastError the last failure or dead-letter reason, or {@code null}
 * @param raw for a task whose stored text could not be decoded: that text, kept for operators;
 *     otherwise {@code null}
 * @param controls priority, expiry and per-task time limits set at submission
 */
public record TaskEnvelope(
    int version,
    String id,
    String task,
    String queue,
    String args,
    Map<String, String> headers,
    @Nullable String correlationId,
    Instant createdAt,
    int retries,
    List<TaskAttempt> history,
    @Nullable TaskError lastError,
    @Nullable String raw,
    TaskControls controls) {

  /** Most history entries kept; older ones are dropped first. */
  public static final int MAX_HISTORY = 20;

  /** Task name used when a stored task cannot be decoded. */
  public static final String UNKNOWN_TASK = "unknown";

  public TaskEnvelope {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(args, "args");
    headers = Map.copyOf(headers);
    Objects.requireNonNull(createdAt, "createdAt");
    history = List.copyOf(history);
    Objects.requireNonNull(controls, "controls");
  }

  /**
   * A new task as submitted: no retries, no history, no error.
   *
   * @param headers submit-time headers
   * @param correlationId correlation id, or {@code null}
   * @param createdAt submit time (submitter's clock)
   */
  public static TaskEnvelope submitted(String id, String task, String queue, String args,
      Map<String, String> headers, @Nullable String correlationId, Instant createdAt) {
    return submitted(id, task, queue, args, headers, correlationId, createdAt,
        TaskControls.NONE);
  }

  /** A new task as submitted, with its priority, expiry and time limits. */
  public static TaskEnvelope submitted(String id, String task, String queue, String args,
      Map<String, String> headers, @Nullable String correlationId, Instant createdAt,
      TaskControls controls) {
    return new TaskEnvelope(EnvelopeCodec.VERSION, id, task, queue, args, headers, correlationId,
        createdAt, 0, List.of(), null, null, controls);
  }

  /**
   * The envelope that replaces a stored task that could not be decoded, so it can be
   * dead-lettered with the reason while its original text is kept in {@code raw}.
   */
  public static TaskEnvelope rejected(String queue, String id, @Nullable String storedText,
      String reason, Instant at) {
    TaskError error = TaskError.reason("Rejected", reason);
    TaskAttempt attempt = new TaskAttempt(0, null, at, at, "rejected", error);
    return new TaskEnvelope(EnvelopeCodec.VERSION, id, UNKNOWN_TASK, queue, "null", Map.of(),
        null, at, 0, List.of(attempt), error, storedText, TaskControls.NONE);
  }

  /** The attempt number of the next run: retries + 1. */
  public int attempt() {
    return retries + 1;
  }

  /**
   * This envelope after an attempt ended: the attempt appended to the history (capped), the error
   * recorded, and the retry counter incremented when {@code retried}.
   */
  public TaskEnvelope withAttempt(TaskAttempt attempt, boolean retried) {
    TaskError error = attempt.error() != null ? attempt.error() : lastError;
    return next(attempt, retried ? retries + 1 : retries, error);
  }

  /** This envelope replayed from the DLQ: retries reset to 0 and a note in the history. */
  public TaskEnvelope replayed(Instant at) {
    return next(new TaskAttempt(0, null, at, at, "replayed", null), 0, lastError);
  }

  /** This envelope with {@code entry} appended to the history (capped) and the given counters. */
  private TaskEnvelope next(TaskAttempt entry, int retries, @Nullable TaskError error) {
    List<TaskAttempt> h = new ArrayList<>(history);
    h.add(entry);
    while (h.size() > MAX_HISTORY) {
      h.remove(0);
    }
    return new TaskEnvelope(version, id, task, queue, args, headers, correlationId, createdAt,
        retries, h, error, raw, controls);
  }

  @Override
  public String toString() {
    return "TaskEnvelope[" + queue + "/" + task + "/" + id + " retries=" + retries + "]";
  }
}

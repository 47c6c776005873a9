package io.taskq.spi;

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
 * brokers store it as opaque text. Immutable; {@code toString()} prints no arguments.
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
    @Nullable String raw) {

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
    List<TaskAttempt> h = new ArrayList<>(history);
    h.add(attempt);
    while (h.size() > MAX_HISTORY) {
      h.remove(0);
    }
    TaskError error = attempt.error() != null ? attempt.error() : lastError;
    return new TaskEnvelope(version, id, task, queue, args, headers, correlationId, createdAt,
        retried ? retries + 1 : retries, h, error, raw);
  }

  /** This envelope replayed from the DLQ: retries reset to 0 and a note in the history. */
  public TaskEnvelope replayed(Instant at) {
    List<TaskAttempt> h = new ArrayList<>(history);
    h.add(new TaskAttempt(0, null, at, at, "replayed", null));
    while (h.size() > MAX_HISTORY) {
      h.remove(0);
    }
    return new TaskEnvelope(version, id, task, queue, args, headers, correlationId, createdAt, 0,
        h, lastError, raw);
  }

  @Override
  public String toString() {
    return "TaskEnvelope[" + queue + "/" + task + "/" + id + " retries=" + retries + "]";
  }
}

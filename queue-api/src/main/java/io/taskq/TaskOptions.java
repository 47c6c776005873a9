package io.taskq;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Per-submission options. Every field is optional; {@link #mergedOver(TaskOptions)} lays options
 * over a definition's defaults. Immutable.
 *
 * @param queue queue to submit to instead of the definition's
 * @param countdown run no earlier than this long after submission (measured on the broker's
 *     clock); exclusive with {@code eta}
 * @param eta run no earlier than this instant; exclusive with {@code countdown}
 * @param headers string headers carried to the handler's {@link TaskContext#headers()}
 * @param correlationId id that follows a request into its tasks' logs (MDC
 *     {@code correlationId}); when absent the client takes the caller's MDC value
 * @param id caller-supplied task id; enqueueing the same id twice leaves one task
 * @param rejectDuplicate with a caller-supplied id: throw {@link DuplicateTaskException} instead
 *     of returning the existing task's handle when the id is already live
 */
public record TaskOptions(
    @Nullable String queue,
    @Nullable Duration countdown,
    @Nullable Instant eta,
    Map<String, String> headers,
    @Nullable String correlationId,
    @Nullable String id,
    boolean rejectDuplicate) {

  /** No options. */
  public static final TaskOptions DEFAULT =
      new TaskOptions(null, null, null, Map.of(), null, null, false);

  public TaskOptions {
    if (queue != null) {
      QueueConfig.requireValidName(queue);
    }
    if (countdown != null && eta != null) {
      throw new IllegalArgumentException("give countdown or eta, not both");
    }
    if (countdown != null && countdown.isNegative()) {
      throw new IllegalArgumentException("countdown must be >= 0, was " + countdown);
    }
    if (id != null && (id.isEmpty() || id.length() > 200)) {
      throw new IllegalArgumentException("task id must be 1 to 200 characters, was '" + id + "'");
    }
    headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
  }

  /** These options over {@code defaults}: a field set here wins; headers are merged. */
  public TaskOptions mergedOver(TaskOptions defaults) {
    Map<String, String> merged = new LinkedHashMap<>(defaults.headers);
    merged.putAll(headers);
    boolean delayed = countdown != null || eta != null;
    return new TaskOptions(
        queue != null ? queue : defaults.queue,
        delayed ? countdown : defaults.countdown,
        delayed ? eta : defaults.eta,
        merged,
        correlationId != null ? correlationId : defaults.correlationId,
        id != null ? id : defaults.id,
        rejectDuplicate || defaults.rejectDuplicate);
  }

  public static Builder builder() {
    return new Builder(DEFAULT);
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builder for {@link TaskOptions}. */
  public static final class Builder {
    private @Nullable String queue;
    private @Nullable Duration countdown;
    private @Nullable Instant eta;
    private Map<String, String> headers;
    private @Nullable String correlationId;
    private @Nullable String id;
    private boolean rejectDuplicate;

    private Builder(TaskOptions from) {
      queue = from.queue;
      countdown = from.countdown;
      eta = from.eta;
      headers = new LinkedHashMap<>(from.headers);
      correlationId = from.correlationId;
      id = from.id;
      rejectDuplicate = from.rejectDuplicate;
    }

    public Builder queue(@Nullable String queue) {
      this.queue = queue;
      return this;
    }

    public Builder countdown(@Nullable Duration countdown) {
      this.countdown = countdown;
      return this;
    }

    public Builder eta(@Nullable Instant eta) {
      this.eta = eta;
      return this;
    }

    public Builder header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    public Builder headers(Map<String, String> headers) {
      this.headers = new LinkedHashMap<>(headers);
      return this;
    }

    public Builder correlationId(@Nullable String correlationId) {
      this.correlationId = correlationId;
      return this;
    }

    public Builder id(@Nullable String id) {
      this.id = id;
      return this;
    }

    public Builder rejectDuplicate(boolean rejectDuplicate) {
      this.rejectDuplicate = rejectDuplicate;
      return this;
    }

    public TaskOptions build() {
      return new TaskOptions(queue, countdown, eta, headers, correlationId, id, rejectDuplicate);
    }
  }
}

package io.taskq.spi;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A successful attempt to record.
 *
 * @param lease the claim that ran it
 * @param result the result as JSON text to keep, or {@code null} to keep none
 * @param resultTtl how long the record and the result are kept (the queue's
 *     {@code resultTtl}); {@link Duration#ZERO} keeps nothing
 * @param record what to keep about the finished task (state SUCCEEDED, name, times, attempts),
 *     or {@code null}; kept with or without a result, for {@code resultTtl}
 */
public record Ack(LeaseRef lease, @Nullable String result, Duration resultTtl,
    @Nullable TaskRecord record) {
  public Ack {
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(resultTtl, "resultTtl");
  }

  /** An ack that keeps a result (when not {@code null}) but no task record. */
  public Ack(LeaseRef lease, @Nullable String result, Duration resultTtl) {
    this(lease, result, resultTtl, null);
  }

  /** An ack that keeps no result. */
  public static Ack of(LeaseRef lease) {
    return new Ack(lease, null, Duration.ZERO, null);
  }

  /** Whether the broker keeps anything (the record, the result or both) for this ack. */
  public boolean keepsRecord() {
    return (result != null || record != null) && resultTtl.toMillis() > 0;
  }

  @Override
  public String toString() {
    return "Ack[" + lease.id() + "]";
  }
}

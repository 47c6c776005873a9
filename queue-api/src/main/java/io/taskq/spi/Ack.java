package io.taskq.spi;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A successful attempt to record.
 *
 * @param lease the claim that ran it
 * @param result the result as JSON text to keep, or {@code null} to keep none
 * @param resultTtl how long the result is kept (ignored without a result)
 */
public record Ack(LeaseRef lease, @Nullable String result, Duration resultTtl) {
  public Ack {
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(resultTtl, "resultTtl");
  }

  /** An ack that keeps no result. */
  public static Ack of(LeaseRef lease) {
    return new Ack(lease, null, Duration.ZERO);
  }

  @Override
  public String toString() {
    return "Ack[" + lease.id() + "]";
  }
}

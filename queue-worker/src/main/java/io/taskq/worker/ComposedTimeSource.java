package io.taskq.worker;

import java.time.Instant;
import java.time.InstantSource;
import java.util.function.LongSupplier;

/** A {@link TimeSource} made of a monotonic clock and a wall clock. */
record ComposedTimeSource(LongSupplier monotonic, InstantSource wall) implements TimeSource {
  @Override
  public long nanoTime() {
    return monotonic.getAsLong();
  }

  @Override
  public Instant instant() {
    return wall.instant();
  }

  @Override
  public long millis() {
    return wall.millis();
  }
}

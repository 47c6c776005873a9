package io.taskq.spi;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/** A settable clock for tests: starts at a fixed instant and moves only when told. Thread-safe. */
public final class MutableClock implements InstantSource {
  private final AtomicLong millis;

  public MutableClock(Instant start) {
    this.millis = new AtomicLong(start.toEpochMilli());
  }

  /** A clock at 2030-01-01T00:00:00Z. */
  public static MutableClock fixed() {
    return new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.get());
  }

  @Override
  public long millis() {
    return millis.get();
  }

  /** Moves the clock forward. */
  public void advance(Duration d) {
    millis.addAndGet(d.toMillis());
  }

  /** Sets the clock. */
  public void set(Instant at) {
    millis.set(at.toEpochMilli());
  }
}

package io.taskq.embedded;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told, in milliseconds, for tests: of the {@link EmbeddedBroker},
 * the broker contract tests, the worker (through its time source) and the queue-test kit. It never
 * goes back, so a worker may read its monotonic time from it too. Thread-safe.
 */
public final class ManualClock extends Clock {
  /** Where {@link #ManualClock()} starts: 2030-01-01T00:00:00Z. */
  public static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

  private final AtomicLong millis;

  /** A clock standing at {@link #START}. */
  public ManualClock() {
    this(START);
  }

  /** A clock standing at {@code start}. */
  public ManualClock(Instant start) {
    this.millis = new AtomicLong(start.toEpochMilli());
  }

  /** Moves the clock forward by {@code d}, which must not be negative. */
  public void advance(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("the clock only moves forward; duration was " + d);
    }
    millis.addAndGet(d.toMillis());
  }

  /** Moves the clock forward to {@code at}, which must not be before the clock's time. */
  public void set(Instant at) {
    long target = at.toEpochMilli();
    long now = millis.getAndAccumulate(target, Math::max);
    if (target < now) {
      throw new IllegalArgumentException("the clock only moves forward; it stands at "
          + Instant.ofEpochMilli(now) + ", was set to " + at);
    }
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.get());
  }

  @Override
  public long millis() {
    return millis.get();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a manual clock is always UTC");
  }

  @Override
  public String toString() {
    return "ManualClock[" + instant() + "]";
  }
}

package io.taskq.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time-ordered task ids (UUID version 7, RFC 9562): 48 bits of Unix milliseconds, then a counter
 * and random bits, so ids sort by creation time and stay unique within a millisecond.
 */
public final class TaskIds {
  private static final SecureRandom SEED = new SecureRandom();
  private static final AtomicLong LAST = new AtomicLong();

  private TaskIds() {}

  /** A new UUIDv7 string from the system clock. */
  public static String next() {
    return next(Clock.systemUTC());
  }

  /** A new UUIDv7 string; ids from one JVM are strictly increasing. */
  public static String next(Clock clock) {
    // 48-bit ms + 12-bit sequence kept monotonic across calls within the same (or a lagging) ms
    long now = clock.millis() << 12;
    long stamp = LAST.updateAndGet(prev -> Math.max(prev + 1, now));
    long ms = stamp >>> 12;
    long seq = stamp & 0xFFF;
    long msb = (ms << 16) | 0x7000L | seq;
    long lsb = (SEED.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }
}

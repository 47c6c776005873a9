package io.taskq.redis.internal;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Reads sorted-set scores as times. A score that is no real time ({@code inf}, {@code -inf}, or a
 * number past the year 10000) is garbage written by hand or by a bug: it reads as "no time" so
 * the rest of a listing still shows; {@code taskq fsck} reports and repairs it.
 */
public final class Scores {
  /** The year 10000 in epoch milliseconds: no task is due or expires later. */
  public static final double MAX_MS = 253_402_300_800_000d;

  private Scores() {}

  /** The time a score stands for, or null when it is no real time. */
  public static @Nullable Instant instant(@Nullable String score) {
    if (score == null) {
      return null;
    }
    double ms;
    try {
      ms = Double.parseDouble(score);
    } catch (NumberFormatException e) {
      return null; // "inf", "-inf": Redis's spelling, which Java does not parse
    }
    return isTime(ms) ? Instant.ofEpochMilli((long) ms) : null;
  }

  /** Whether {@code ms} is a finite time between the epoch's start minus and plus year 10000. */
  public static boolean isTime(double ms) {
    return Double.isFinite(ms) && Math.abs(ms) < MAX_MS;
  }
}

package io.taskq;

import java.time.Duration;
import java.util.Objects;

/**
 * Caps of a queue's dead-letter queue: when it holds more than {@code maxSize} tasks the oldest
 * are dropped, and tasks dead for longer than {@code maxAge} are dropped. Trimming happens when a
 * task is dead-lettered. Immutable.
 *
 * @param maxSize most tasks kept, {@code >= 1}
 * @param maxAge longest time a dead task is kept, positive
 */
public record DeadLetterPolicy(long maxSize, Duration maxAge) {

  public static final long DEFAULT_MAX_SIZE = 100_000;
  public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(30);
  public static final DeadLetterPolicy DEFAULT =
      new DeadLetterPolicy(DEFAULT_MAX_SIZE, DEFAULT_MAX_AGE);

  public DeadLetterPolicy {
    if (maxSize < 1) {
      throw new IllegalArgumentException("dead.maxSize must be >= 1, was " + maxSize);
    }
    Objects.requireNonNull(maxAge, "maxAge");
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("dead.maxAge must be > 0, was " + maxAge);
    }
  }
}

package io.taskq;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The delay before a retry. {@link #delay(int)} takes the retry number, 1 for the first retry
 * (the second attempt). Implementations are immutable and thread-safe.
 */
@FunctionalInterface
public interface Backoff {

  /** Upper bound applied by the factories when no cap is given. */
  Duration DEFAULT_MAX = Duration.ofHours(1);

  /**
   * The delay before retry number {@code retry}.
   *
   * @param retry 1 for the first retry; values below 1 are treated as 1
   * @return a non-negative delay
   */
  Duration delay(int retry);

  /** The same delay before every retry. */
  static Backoff fixed(Duration delay) {
    requireNonNegative("delay", delay);
    return new Fixed(delay);
  }

  /**
   * {@code base * factor^(retry-1)}, capped at {@code max}: with base 60 s and factor 2 the delays
   * are 60, 120, 240 s.
   */
  static Backoff exponential(Duration base, double factor, Duration max) {
    requireNonNegative("base", base);
    requireNonNegative("max", max);
    if (!(factor >= 1.0) || Double.isInfinite(factor)) {
      throw new IllegalArgumentException("backoff factor must be >= 1, was " + factor);
    }
    return new Exponential(base, factor, max);
  }

  /** {@link #exponential(Duration, double, Duration)} with factor 2 and a 1 h cap. */
  static Backoff exponential(Duration base) {
    return exponential(base, 2.0, DEFAULT_MAX);
  }

  /**
   * Wraps a backoff with random jitter: each delay is drawn uniformly from
   * {@code [d * (1 - ratio), d * (1 + ratio)]}, so retries of many tasks that failed together
   * spread out.
   *
   * @param ratio between 0 (no jitter) and 1
   */
  static Backoff jittered(Backoff backoff, double ratio) {
    Objects.requireNonNull(backoff, "backoff");
    if (!(ratio >= 0.0 && ratio <= 1.0)) {
      throw new IllegalArgumentException("jitter ratio must be within [0, 1], was " + ratio);
    }
    return new Jittered(backoff, ratio);
  }

  private static void requireNonNegative(String field, Duration value) {
    Objects.requireNonNull(value, field);
    if (value.isNegative()) {
      throw new IllegalArgumentException("backoff " + field + " must be >= 0, was " + value);
    }
  }

  /** A fixed delay. */
  record Fixed(Duration delay) implements Backoff {
    @Override
    public Duration delay(int retry) {
      return delay;
    }
  }

  /** An exponential delay with a cap. */
  record Exponential(Duration base, double factor, Duration max) implements Backoff {
    @Override
    public Duration delay(int retry) {
      int n = Math.max(1, retry) - 1;
      double millis = base.toMillis() * Math.pow(factor, n);
      if (Double.isInfinite(millis) || millis >= max.toMillis()) {
        return max;
      }
      return Duration.ofMillis((long) millis);
    }
  }

  /** A backoff with uniform random jitter around another one. */
  record Jittered(Backoff backoff, double ratio) implements Backoff {
    @Override
    public Duration delay(int retry) {
      long d = backoff.delay(retry).toMillis();
      if (d == 0 || ratio == 0) {
        return Duration.ofMillis(d);
      }
      long spread = (long) (d * ratio);
      return Duration.ofMillis(d - spread + ThreadLocalRandom.current().nextLong(2 * spread + 1));
    }
  }
}

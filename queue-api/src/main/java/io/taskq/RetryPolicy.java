package io.taskq;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How a failed task is retried: up to {@code maxRetries} retries after the first attempt (as
 * operators say it: {@code maxRetries: 3} means at most 4 attempts), each after
 * {@link Backoff#delay(int)}. An exception whose class is in {@code abortOn} (or a subclass) goes
 * straight to the dead-letter queue; when {@code retryOn} is not empty only those classes are
 * retried. Abort wins over retry. Immutable.
 *
 * @param maxRetries retries after the first attempt, {@code >= 0}
 * @param backoff the delay before each retry
 * @param retryOn exception classes that are retried; empty means every exception
 * @param abortOn exception classes that are never retried
 */
public record RetryPolicy(
    int maxRetries,
    Backoff backoff,
    Set<Class<? extends Throwable>> retryOn,
    Set<Class<? extends Throwable>> abortOn) {

  /** Default number of retries after the first attempt. */
  public static final int DEFAULT_MAX_RETRIES = 3;

  /** Default backoff: exponential from 10 s, factor 2, capped at 1 h. */
  public static final Backoff DEFAULT_BACKOFF = Backoff.exponential(Duration.ofSeconds(10));

  /** 3 retries, exponential from 10 s, every exception retried. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(DEFAULT_MAX_RETRIES, DEFAULT_BACKOFF, Set.of(), Set.of());

  public RetryPolicy {
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be >= 0, was " + maxRetries);
    }
    Objects.requireNonNull(backoff, "backoff");
    retryOn = Set.copyOf(retryOn);
    abortOn = Set.copyOf(abortOn);
  }

  /** A policy that never retries. */
  public static RetryPolicy none() {
    return new RetryPolicy(0, Backoff.fixed(Duration.ZERO), Set.of(), Set.of());
  }

  /**
   * Whether a failure with {@code error} after {@code retriesSoFar} retries gets another attempt.
   * {@link SkipRetryException} is never retried.
   */
  public boolean shouldRetry(Throwable error, int retriesSoFar) {
    if (retriesSoFar >= maxRetries || error instanceof SkipRetryException) {
      return false;
    }
    if (matches(abortOn, error)) {
      return false;
    }
    return retryOn.isEmpty() || matches(retryOn, error);
  }

  private static boolean matches(Set<Class<? extends Throwable>> classes, Throwable error) {
    for (Class<? extends Throwable> c : classes) {
      if (c.isInstance(error)) {
        return true;
      }
    }
    return false;
  }

  public static Builder builder() {
    return new Builder(DEFAULT);
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builder for {@link RetryPolicy}; starts from {@link #DEFAULT}. */
  public static final class Builder {
    private int maxRetries;
    private Backoff backoff;
    private Set<Class<? extends Throwable>> retryOn;
    private Set<Class<? extends Throwable>> abortOn;

    private Builder(RetryPolicy from) {
      this.maxRetries = from.maxRetries;
      this.backoff = from.backoff;
      this.retryOn = from.retryOn;
      this.abortOn = from.abortOn;
    }

    public Builder maxRetries(int maxRetries) {
      this.maxRetries = maxRetries;
      return this;
    }

    public Builder backoff(Backoff backoff) {
      this.backoff = backoff;
      return this;
    }

    @SafeVarargs
    public final Builder retryOn(Class<? extends Throwable>... classes) {
      this.retryOn = Set.of(classes);
      return this;
    }

    @SafeVarargs
    public final Builder abortOn(Class<? extends Throwable>... classes) {
      this.abortOn = Set.of(classes);
      return this;
    }

    public RetryPolicy build() {
      return new RetryPolicy(maxRetries, backoff, retryOn, abortOn);
    }
  }
}

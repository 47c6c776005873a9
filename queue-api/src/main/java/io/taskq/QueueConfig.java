package io.taskq;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The policy of one queue: retries, lease, concurrency, hard time limit, crash cap and DLQ caps.
 * Immutable; build with {@link #builder(String)} or {@link #defaults(String)}.
 *
 * @param name queue name, matching {@code [A-Za-z0-9._-]{1,64}}
 * @param retry retry policy of the queue's tasks
 * @param lease how long a claim holds before the reaper may return the task (default 30 s);
 *     workers extend it every lease/3 while the task runs
 * @param concurrency tasks of this queue one worker runs at once (default 16)
 * @param timeLimit hard limit of one attempt (default 30 min): past it the handler is interrupted
 *     and the attempt fails with {@link TimeLimitExceededException}
 * @param maxCrashes crash recoveries (lease expired with no ack) a task may have before it is
 *     dead-lettered as a poison pill (default 3)
 * @param dead caps of the dead-letter queue
 */
public record QueueConfig(
    String name,
    RetryPolicy retry,
    Duration lease,
    int concurrency,
    Duration timeLimit,
    int maxCrashes,
    DeadLetterPolicy dead) {

  public static final Pattern NAME_PATTERN = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  /**
   * Name of the wildcard policy of a configuration ({@code queues: {"*": ...}}): the policy of
   * every queue the configuration does not name.
   */
  public static final String ANY = "*";
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
  public static final int DEFAULT_CONCURRENCY = 16;
  public static final Duration DEFAULT_TIME_LIMIT = Duration.ofMinutes(30);
  public static final int DEFAULT_MAX_CRASHES = 3;
  /** Shortest lease accepted: the heartbeat runs every lease/3. */
  public static final Duration MIN_LEASE = Duration.ofMillis(300);

  public QueueConfig {
    if (!ANY.equals(name)) {
      requireValidName(name);
    }
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(timeLimit, "timeLimit");
    Objects.requireNonNull(dead, "dead");
    if (lease.compareTo(MIN_LEASE) < 0) {
      throw new IllegalArgumentException(
          "queue " + name + ": lease must be >= " + MIN_LEASE.toMillis() + "ms, was " + lease);
    }
    if (concurrency < 1) {
      throw new IllegalArgumentException(
          "queue " + name + ": concurrency must be >= 1, was " + concurrency);
    }
    if (timeLimit.isNegative() || timeLimit.isZero()) {
      throw new IllegalArgumentException(
          "queue " + name + ": timeLimit must be > 0, was " + timeLimit);
    }
    if (maxCrashes < 0) {
      throw new IllegalArgumentException(
          "queue " + name + ": maxCrashes must be >= 0, was " + maxCrashes);
    }
  }

  /**
   * Checks a queue name.
   *
   * @throws IllegalArgumentException naming the bad value and the expected pattern
   */
  public static String requireValidName(String name) {
    Objects.requireNonNull(name, "queue name");
    if (!NAME_PATTERN.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "queue name must match [A-Za-z0-9._-]{1,64}, was '" + name + "'");
    }
    return name;
  }

  /** This policy for another queue (e.g. the wildcard policy applied to a named queue). */
  public QueueConfig withName(String name) {
    return new QueueConfig(requireValidName(name), retry, lease, concurrency, timeLimit,
        maxCrashes, dead);
  }

  /** The built-in policy for a queue that configuration does not mention. */
  public static QueueConfig defaults(String name) {
    return builder(name).build();
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  public Builder toBuilder() {
    return new Builder(name)
        .retry(retry)
        .lease(lease)
        .concurrency(concurrency)
        .timeLimit(timeLimit)
        .maxCrashes(maxCrashes)
        .dead(dead);
  }

  /** Builder for {@link QueueConfig}, starting from the defaults. */
  public static final class Builder {
    private final String name;
    private RetryPolicy retry = RetryPolicy.DEFAULT;
    private Duration lease = DEFAULT_LEASE;
    private int concurrency = DEFAULT_CONCURRENCY;
    private Duration timeLimit = DEFAULT_TIME_LIMIT;
    private int maxCrashes = DEFAULT_MAX_CRASHES;
    private DeadLetterPolicy dead = DeadLetterPolicy.DEFAULT;

    private Builder(String name) {
      this.name = name;
    }

    public Builder retry(RetryPolicy retry) {
      this.retry = retry;
      return this;
    }

    public Builder lease(Duration lease) {
      this.lease = lease;
      return this;
    }

    public Builder concurrency(int concurrency) {
      this.concurrency = concurrency;
      return this;
    }

    public Builder timeLimit(Duration timeLimit) {
      this.timeLimit = timeLimit;
      return this;
    }

    public Builder maxCrashes(int maxCrashes) {
      this.maxCrashes = maxCrashes;
      return this;
    }

    public Builder dead(DeadLetterPolicy dead) {
      this.dead = dead;
      return this;
    }

    public QueueConfig build() {
      return new QueueConfig(name, retry, lease, concurrency, timeLimit, maxCrashes, dead);
    }
  }
}

package io.taskq;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The policy of one queue: retries, lease, concurrency, time limits, crash cap, DLQ caps, result
 * TTL, global rate limit and concurrency cap, priorities.
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
 * @param resultTtl how long the record of a finished task (state, result, error, times) is kept
 *     (default 1 day; zero keeps none)
 * @param softTimeLimit soft limit of one attempt, below {@code timeLimit}: past it the handler
 *     sees {@link TaskContext#isCancelled()} and an interrupt; {@code null} = none
 * @param rateLimit claims per period across every worker, or {@code null} = unlimited
 * @param maxActive most tasks of this queue claimed at once across every worker (reserved ones
 *     included); 0 = unlimited
 * @param priorities number of priority levels (0 = off, FIFO; up to
 *     {@link #MAX_PRIORITIES}); task priorities above {@code priorities - 1} count as the highest
 * @param prefetch tasks a worker claims beyond its free slots, held <em>reserved</em> (leased,
 *     not started) until a slot frees; {@link #PREFETCH_CONCURRENCY} (the default) = as many as
 *     {@code concurrency}, 0 = claim for free slots only (strict priority order, no task waits
 *     behind a long one); see {@link #prefetchCount()}
 * @param shards physical queues this queue is spread over (default 1: the queue is its own
 *     physical queue); see {@link QueueShards}. A worker's {@code concurrency} and
 *     {@code prefetch} cover all the shards together; {@code maxActive} and {@code rateLimit}
 *     are split into a share per shard ({@link #shard(int)}). Order holds per shard only.
 */
public record QueueConfig(
    String name,
    RetryPolicy retry,
    Duration lease,
    int concurrency,
    Duration timeLimit,
    int maxCrashes,
    DeadLetterPolicy dead,
    Duration resultTtl,
    @Nullable Duration softTimeLimit,
    @Nullable RateLimit rateLimit,
    int maxActive,
    int priorities,
    int prefetch,
    int shards) {

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
  public static final Duration DEFAULT_RESULT_TTL = Duration.ofDays(1);
  /** Most priority levels a queue may have. */
  public static final int MAX_PRIORITIES = 10;
  /** Shortest lease accepted: the heartbeat runs every lease/3. */
  public static final Duration MIN_LEASE = Duration.ofMillis(300);
  /** {@code prefetch} value meaning "as many as {@code concurrency}" (the default). */
  public static final int PREFETCH_CONCURRENCY = -1;

  public QueueConfig {
    if (!ANY.equals(name)) {
      QueueShards.requireValid(name);
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
    Objects.requireNonNull(resultTtl, "resultTtl");
    if (resultTtl.isNegative()) {
      throw new IllegalArgumentException(
          "queue " + name + ": resultTtl must be >= 0, was " + resultTtl);
    }
    if (softTimeLimit != null
        && (softTimeLimit.isNegative() || softTimeLimit.isZero()
            || softTimeLimit.compareTo(timeLimit) >= 0)) {
      throw new IllegalArgumentException("queue " + name
          + ": softTimeLimit must be > 0 and below timeLimit (" + timeLimit + "), was "
          + softTimeLimit);
    }
    if (maxActive < 0) {
      throw new IllegalArgumentException(
          "queue " + name + ": maxActive must be >= 0, was " + maxActive);
    }
    if (priorities < 0 || priorities > MAX_PRIORITIES) {
      throw new IllegalArgumentException("queue " + name + ": priorities must be 0 to "
          + MAX_PRIORITIES + ", was " + priorities);
    }
    if (prefetch < PREFETCH_CONCURRENCY) {
      throw new IllegalArgumentException(
          "queue " + name + ": prefetch must be >= 0, was " + prefetch);
    }
    requireValidShards(name, shards, maxActive, rateLimit);
  }

  private static void requireValidShards(String name, int shards, int maxActive,
      @Nullable RateLimit rateLimit) {
    if (shards < 1 || shards > QueueShards.MAX_SHARDS) {
      throw new IllegalArgumentException("queue " + name + ": shards must be 1 to "
          + QueueShards.MAX_SHARDS + ", was " + shards);
    }
    if (shards > 1 && QueueShards.isShard(name)) {
      throw new IllegalArgumentException("queue " + name + ": a shard has no shards of its own,"
          + " shards was " + shards);
    }
    if (maxActive > 0 && maxActive < shards) {
      throw new IllegalArgumentException("queue " + name + ": maxActive must be 0 or >= shards ("
          + shards + "; each shard takes a share), was " + maxActive);
    }
    if (rateLimit != null && rateLimit.permits() < shards) {
      throw new IllegalArgumentException("queue " + name + ": rateLimit must allow >= shards ("
          + shards + ") tasks per period (each shard takes a share), was " + rateLimit.permits());
    }
  }

  /** True when the queue is spread over more than one physical queue. */
  public boolean isSharded() {
    return shards > 1;
  }

  /**
   * The policy of shard {@code index} of this queue: named {@code name#index}, one shard, the
   * same concurrency, retries and leases, and its share of {@code maxActive} and
   * {@code rateLimit} (the whole divided by {@code shards}, the remainder to the lowest shards).
   * For an index at or above {@code shards} (a shard left over from a larger setting, still being
   * drained) the share of shard {@code index % shards}.
   */
  public QueueConfig shard(int index) {
    int slot = index % shards;
    RateLimit rate = rateLimit == null ? null : shareOf(rateLimit, slot);
    return toBuilder(QueueShards.shard(QueueShards.logical(name), index)).shards(1)
        .maxActive(maxActive == 0 ? 0 : share(maxActive, slot)).rateLimit(rate).build();
  }

  /**
   * The policies of the physical queues: {@link #shard(int)} of each shard, or this queue alone
   * when it is not sharded.
   */
  public java.util.List<QueueConfig> physical() {
    if (shards == 1) {
      return java.util.List.of(this);
    }
    java.util.List<QueueConfig> out = new java.util.ArrayList<>(shards);
    for (int i = 0; i < shards; i++) {
      out.add(shard(i));
    }
    return out;
  }

  private int share(int whole, int slot) {
    return whole / shards + (slot < whole % shards ? 1 : 0);
  }

  private RateLimit shareOf(RateLimit whole, int slot) {
    int permits = share(whole.permits(), slot);
    int burst = (int) Math.max(1, (long) whole.burst() * permits / whole.permits());
    return new RateLimit(permits, whole.per(), burst);
  }

  /**
   * Tasks a worker claims beyond its free slots of this queue: {@code prefetch}, or
   * {@code concurrency} when it is {@link #PREFETCH_CONCURRENCY}.
   */
  public int prefetchCount() {
    return prefetch == PREFETCH_CONCURRENCY ? concurrency : prefetch;
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

  /**
   * The priority a task submitted with {@code priority} gets on this queue: 0 when the queue has
   * no priorities ({@code priorities} 0 or 1: FIFO), else {@code priority} capped at the highest
   * level, {@code priorities - 1}.
   */
  public int priorityLevel(int priority) {
    return priorities == 0 ? 0 : Math.min(Math.max(priority, 0), priorities - 1);
  }

  /** This policy for another queue (e.g. the wildcard policy applied to a named queue). */
  public QueueConfig withName(String name) {
    return toBuilder(requireValidName(name)).build();
  }

  /** The built-in policy for a queue that configuration does not mention. */
  public static QueueConfig defaults(String name) {
    return builder(name).build();
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  public Builder toBuilder() {
    return toBuilder(name);
  }

  private Builder toBuilder(String newName) {
    return new Builder(newName)
        .retry(retry)
        .lease(lease)
        .concurrency(concurrency)
        .timeLimit(timeLimit)
        .maxCrashes(maxCrashes)
        .dead(dead)
        .resultTtl(resultTtl)
        .softTimeLimit(softTimeLimit)
        .rateLimit(rateLimit)
        .maxActive(maxActive)
        .priorities(priorities)
        .prefetch(prefetch)
        .shards(shards);
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
    private Duration resultTtl = DEFAULT_RESULT_TTL;
    private @Nullable Duration softTimeLimit;
    private @Nullable RateLimit rateLimit;
    private int maxActive;
    private int priorities;
    private int prefetch = PREFETCH_CONCURRENCY;
    private int shards = 1;

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

    public Builder resultTtl(Duration resultTtl) {
      this.resultTtl = resultTtl;
      return this;
    }

    public Builder softTimeLimit(@Nullable Duration softTimeLimit) {
      this.softTimeLimit = softTimeLimit;
      return this;
    }

    public Builder rateLimit(@Nullable RateLimit rateLimit) {
      this.rateLimit = rateLimit;
      return this;
    }

    public Builder maxActive(int maxActive) {
      this.maxActive = maxActive;
      return this;
    }

    public Builder priorities(int priorities) {
      this.priorities = priorities;
      return this;
    }

    /**
     * Tasks claimed beyond the free slots (0 = none; {@link #PREFETCH_CONCURRENCY}, the default,
     * = as many as {@code concurrency}).
     */
    public Builder prefetch(int prefetch) {
      this.prefetch = prefetch;
      return this;
    }

    /**
     * Physical queues to spread the queue over (1, the default, = no sharding; up to
     * {@link QueueShards#MAX_SHARDS}).
     */
    public Builder shards(int shards) {
      this.shards = shards;
      return this;
    }

    public QueueConfig build() {
      return new QueueConfig(name, retry, lease, concurrency, timeLimit, maxCrashes, dead,
          resultTtl, softTimeLimit, rateLimit, maxActive, priorities, prefetch, shards);
    }
  }
}

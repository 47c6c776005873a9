package io.taskq.spring.autoconfigure;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One queue's policy, {@code taskq.queues.NAME.*}: the keys of a queue in {@code taskq.yaml}.
 * An unset key keeps the built-in value (or the {@code "[*]"} entry's).
 */
public class QueueProperties {
  /** Retries after the first attempt (0 = never retry; built-in 3). */
  private @Nullable Integer maxRetries;
  /** Delay between retries. */
  private @Nullable BackoffProperties backoff;
  /** Claim lease, extended every lease/3 while the task runs (built-in 30s). */
  private @Nullable Duration lease;
  /** Tasks of this queue one worker runs at once (built-in 16). */
  private @Nullable Integer concurrency;
  /** Tasks claimed beyond the free slots (built-in: the concurrency; 0 = none). */
  private @Nullable Integer prefetch;
  /** Hard limit of one attempt (built-in 30m). */
  private @Nullable Duration timeLimit;
  /** Soft limit of one attempt, below the time limit (built-in: none). */
  private @Nullable Duration softTimeLimit;
  /** Crash recoveries before the task is dead-lettered (built-in 3). */
  private @Nullable Integer maxCrashes;
  /** The queue's dead-letter queue. */
  private @Nullable DeadProperties dead;
  /** How long a finished task's record is kept; 0 = none (built-in 1d). */
  private @Nullable Duration resultTtl;
  /** When set, only these exception classes are retried. */
  private @Nullable List<String> retryOn;
  /** Exception classes never retried: straight to the dead-letter queue. */
  private @Nullable List<String> abortOn;
  /** Priority levels, 0 to 10 (built-in 0: FIFO). */
  private @Nullable Integer priorities;
  /** Claims across every worker, such as 100/s, 30/m or 500/h (built-in: no limit). */
  private @Nullable String rateLimit;
  /** Burst of the rate limit (built-in: one second's worth of the rate). */
  private @Nullable Integer rateLimitBurst;
  /** Tasks claimed at once across every worker (0 = no cap, built-in). */
  private @Nullable Integer maxActive;
  /** Physical queues (shards) the queue is spread over, 1 to 256 (built-in 1: not sharded). */
  private @Nullable Integer shards;

  public @Nullable Integer getMaxRetries() {
    return maxRetries;
  }

  public void setMaxRetries(@Nullable Integer maxRetries) {
    this.maxRetries = maxRetries;
  }

  public @Nullable BackoffProperties getBackoff() {
    return backoff;
  }

  public void setBackoff(@Nullable BackoffProperties backoff) {
    this.backoff = backoff;
  }

  public @Nullable Duration getLease() {
    return lease;
  }

  public void setLease(@Nullable Duration lease) {
    this.lease = lease;
  }

  public @Nullable Integer getConcurrency() {
    return concurrency;
  }

  public void setConcurrency(@Nullable Integer concurrency) {
    this.concurrency = concurrency;
  }

  public @Nullable Integer getPrefetch() {
    return prefetch;
  }

  public void setPrefetch(@Nullable Integer prefetch) {
    this.prefetch = prefetch;
  }

  public @Nullable Duration getTimeLimit() {
    return timeLimit;
  }

  public void setTimeLimit(@Nullable Duration timeLimit) {
    this.timeLimit = timeLimit;
  }

  public @Nullable Duration getSoftTimeLimit() {
    return softTimeLimit;
  }

  public void setSoftTimeLimit(@Nullable Duration softTimeLimit) {
    this.softTimeLimit = softTimeLimit;
  }

  public @Nullable Integer getMaxCrashes() {
    return maxCrashes;
  }

  public void setMaxCrashes(@Nullable Integer maxCrashes) {
    this.maxCrashes = maxCrashes;
  }

  public @Nullable DeadProperties getDead() {
    return dead;
  }

  public void setDead(@Nullable DeadProperties dead) {
    this.dead = dead;
  }

  public @Nullable Duration getResultTtl() {
    return resultTtl;
  }

  public void setResultTtl(@Nullable Duration resultTtl) {
    this.resultTtl = resultTtl;
  }

  public @Nullable List<String> getRetryOn() {
    return retryOn;
  }

  public void setRetryOn(@Nullable List<String> retryOn) {
    this.retryOn = retryOn;
  }

  public @Nullable List<String> getAbortOn() {
    return abortOn;
  }

  public void setAbortOn(@Nullable List<String> abortOn) {
    this.abortOn = abortOn;
  }

  public @Nullable Integer getPriorities() {
    return priorities;
  }

  public void setPriorities(@Nullable Integer priorities) {
    this.priorities = priorities;
  }

  public @Nullable String getRateLimit() {
    return rateLimit;
  }

  public void setRateLimit(@Nullable String rateLimit) {
    this.rateLimit = rateLimit;
  }

  public @Nullable Integer getRateLimitBurst() {
    return rateLimitBurst;
  }

  public void setRateLimitBurst(@Nullable Integer rateLimitBurst) {
    this.rateLimitBurst = rateLimitBurst;
  }

  public @Nullable Integer getMaxActive() {
    return maxActive;
  }

  public void setMaxActive(@Nullable Integer maxActive) {
    this.maxActive = maxActive;
  }

  public @Nullable Integer getShards() {
    return shards;
  }

  public void setShards(@Nullable Integer shards) {
    this.shards = shards;
  }

  /** {@code taskq.queues.NAME.backoff.*}. */
  public static class BackoffProperties {
    /** fixed or exponential (built-in exponential). */
    private @Nullable String type;
    /** First delay (built-in 10s). */
    private @Nullable Duration base;
    /** Growth per retry of an exponential backoff, >= 1 (built-in 2). */
    private @Nullable Double factor;
    /** Cap of an exponential backoff (built-in 1h). */
    private @Nullable Duration max;
    /** Spread of each delay, 0 to 1 (built-in 0). */
    private @Nullable Double jitter;

    public @Nullable String getType() {
      return type;
    }

    public void setType(@Nullable String type) {
      this.type = type;
    }

    public @Nullable Duration getBase() {
      return base;
    }

    public void setBase(@Nullable Duration base) {
      this.base = base;
    }

    public @Nullable Double getFactor() {
      return factor;
    }

    public void setFactor(@Nullable Double factor) {
      this.factor = factor;
    }

    public @Nullable Duration getMax() {
      return max;
    }

    public void setMax(@Nullable Duration max) {
      this.max = max;
    }

    public @Nullable Double getJitter() {
      return jitter;
    }

    public void setJitter(@Nullable Double jitter) {
      this.jitter = jitter;
    }
  }

  /** {@code taskq.queues.NAME.dead.*}. */
  public static class DeadProperties {
    /** Largest number of dead tasks kept (built-in 100000). */
    private @Nullable Long maxSize;
    /** Longest a dead task is kept (built-in 30d). */
    private @Nullable Duration maxAge;

    public @Nullable Long getMaxSize() {
      return maxSize;
    }

    public void setMaxSize(@Nullable Long maxSize) {
      this.maxSize = maxSize;
    }

    public @Nullable Duration getMaxAge() {
      return maxAge;
    }

    public void setMaxAge(@Nullable Duration maxAge) {
      this.maxAge = maxAge;
    }
  }
}

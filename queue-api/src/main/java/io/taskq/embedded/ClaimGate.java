package io.taskq.embedded;

import io.taskq.RateLimit;
import io.taskq.spi.ClaimRequest;
import io.taskq.spi.ClaimResult;
import io.taskq.spi.ClaimedTask;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The limits of one queue's claims in the embedded broker, as the Redis claim script keeps them: a
 * token bucket on the broker's clock for the rate limit, and the count of active tasks for
 * {@code maxActive}. Guarded by the broker's lock; times are epoch ms.
 */
final class ClaimGate {
  /** Tokens in the bucket at {@link #refilledAt}; NaN until a claim spent one (full). */
  private double tokens = Double.NaN;
  private long refilledAt;
  /** Tokens now, as {@link #allowed} counted them for the claim in progress. */
  private double tokensNow;
  /** A claim found the queue at its cap with tasks pending: the next freed slot wakes waiters. */
  private boolean full;
  /** A claim was held back by the rate limit: no token before this time. */
  private long nextTokenAt;

  /** What binds the claim in progress. */
  private enum Bind { NONE, RATE, MAX_ACTIVE }

  /** Counts 0.9999999999 tokens (a sum of refills in floating point) as a whole one. */
  private static final double EPSILON = 1e-9;

  private Bind bind = Bind.NONE;

  /** How many tasks the claim may take now: min(max, whole tokens, maxActive - active). */
  int allowed(ClaimRequest r, long now, int active) {
    int want = Math.max(0, r.max());
    bind = Bind.NONE;
    if (r.maxActive() > 0 && r.maxActive() - active < want) {
      want = Math.max(0, r.maxActive() - active);
      bind = Bind.MAX_ACTIVE;
    }
    RateLimit rate = r.rateLimit();
    if (rate != null) {
      tokensNow = tokensAt(rate, now);
      int whole = (int) Math.floor(tokensNow + EPSILON);
      if (whole < want) {
        want = whole;
        bind = Bind.RATE;
      }
    }
    return want;
  }

  /**
   * Spends a token per claimed task and reports whether a limit held the claim back.
   *
   * @param active tasks active after the claim
   * @param pendingLeft whether tasks remain pending after the claim
   */
  ClaimResult settle(ClaimRequest r, long now, List<ClaimedTask> claimed, int active,
      boolean pendingLeft) {
    RateLimit rate = r.rateLimit();
    if (rate != null && !claimed.isEmpty()) { // as the script: the bucket is written on a spend
      tokensNow = Math.max(0, tokensNow - claimed.size());
      tokens = tokensNow;
      refilledAt = now;
    }
    full = r.maxActive() > 0 && active >= r.maxActive() && pendingLeft;
    // held back by the cap only while it is reached (dropped ids may leave slots free)
    boolean limited = pendingLeft && (bind == Bind.RATE || (bind == Bind.MAX_ACTIVE && full));
    @Nullable Duration next = null;
    nextTokenAt = 0;
    if (limited && bind == Bind.RATE && rate != null) {
      long wait = Math.max(1,
          (long) Math.ceil((1 - tokensNow) * rate.per().toMillis() / rate.permits()));
      nextTokenAt = now + wait;
      next = Duration.ofMillis(wait);
    }
    return new ClaimResult(claimed, limited, next);
  }

  /** Whether no limit holds claims back now, as far as the last claim told. */
  boolean open(long now) {
    return !full && now >= nextTokenAt;
  }

  /** Whether the gate waits for the clock (a token to come). */
  boolean waitsForToken(long now) {
    return now < nextTokenAt;
  }

  /** A slot was freed: true when a claim waits for one (and the waiters must be woken). */
  boolean slotFreed() {
    boolean was = full;
    full = false;
    return was;
  }

  /** The bucket refilled up to now: the same arithmetic as {@code lua/lib/rate.lua}. */
  private double tokensAt(RateLimit rate, long now) {
    if (Double.isNaN(tokens)) {
      return rate.burst();
    }
    double refill = (double) Math.max(0, now - refilledAt) * rate.permits() / rate.per().toMillis();
    return Math.min(rate.burst(), tokens + refill);
  }
}

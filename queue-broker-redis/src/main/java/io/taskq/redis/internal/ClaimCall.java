package io.taskq.redis.internal;

import static io.taskq.spi.Broker.MAX_BATCH;

import io.taskq.RateLimit;
import io.taskq.redis.RedisBroker;
import io.taskq.spi.ClaimRequest;
import io.taskq.spi.ClaimResult;
import io.taskq.spi.ClaimedTask;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claim part of one call of {@code claim.lua} or {@code ack_claim.lua}: its arguments (each
 * call with a fresh token prefix) and the decoding of the claim's reply (lib/claim.lua).
 */
final class ClaimCall {
  // logs under the broker's name, which operators' logging configuration knows
  private static final Logger log = LoggerFactory.getLogger(RedisBroker.class);
  /** How many arguments {@link #args} gives. */
  static final int ARGS = 8;

  private final ClaimRequest request;
  private final String prefix = UUID.randomUUID().toString();

  ClaimCall(ClaimRequest request) {
    this.request = request;
  }

  /**
   * Writes the claim's arguments at {@code args[from]} on: max, lease ms, worker id, token
   * prefix, the rate limit's permits, period ms and burst, max active.
   */
  void args(String[] args, int from) {
    RateLimit rate = request.rateLimit();
    int i = from;
    args[i++] = Integer.toString(Math.clamp(request.max(), 0, MAX_BATCH));
    args[i++] = Long.toString(request.lease().toMillis());
    args[i++] = request.workerId();
    args[i++] = prefix;
    args[i++] = rate == null ? "0" : Integer.toString(rate.permits());
    args[i++] = rate == null ? "0" : Long.toString(rate.per().toMillis());
    args[i++] = rate == null ? "0" : Integer.toString(rate.burst());
    args[i] = Integer.toString(request.maxActive());
  }

  /** The claimed tasks of the claim's reply ({@link ClaimReply}). */
  ClaimResult decode(List<Object> out) {
    String queue = request.queue();
    List<Object> dropped = ClaimReply.dropped(out);
    if (!dropped.isEmpty()) {
      log.warn("Dropped {} id(s) from pending of queue {} without running them: each was a copy"
          + " of a task already claimed or finished, or its stored task is missing (run taskq"
          + " fsck): {}", dropped.size(), queue, dropped);
    }
    List<ClaimedTask> claimed = ClaimReply.tasks(out, queue, prefix, request.lease());
    long limit = ClaimReply.limit(out);
    // limit: -1 not held back, 0 by maxActive, > 0 by the rate limit (ms to its next token)
    return limit < 0 ? ClaimResult.of(claimed)
        : new ClaimResult(claimed, true, limit == 0 ? null : Duration.ofMillis(limit));
  }
}

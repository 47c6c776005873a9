package io.taskq.spi;

import io.taskq.DeadLetterPolicy;
import io.taskq.QueueConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * Parameters of one reaper pass over a queue.
 *
 * @param limit most expired leases handled in this pass
 * @param maxCrashes a task whose crash recoveries would exceed this goes to the DLQ instead of
 *     back to pending
 * @param dead DLQ caps applied when a task is dead-lettered
 * @param guardTtl how long this pass holds the queue's reaper guard; another pass within that time
 *     returns at once ({@link ReapResult#skipped()}); {@link Duration#ZERO} ignores the guard. A
 *     pass over a queue with nothing active may leave the guard alone (it has nothing to do)
 * @param resultTtl how long the record of a task dead-lettered here (state DEAD, error
 *     {@code Crashed}) is kept: the queue's {@code resultTtl}; zero keeps none
 */
public record ReapRequest(int limit, int maxCrashes, DeadLetterPolicy dead, Duration guardTtl,
    Duration resultTtl) {
  public ReapRequest {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, was " + limit);
    }
    if (maxCrashes < 0) {
      throw new IllegalArgumentException("maxCrashes must be >= 0, was " + maxCrashes);
    }
    Objects.requireNonNull(dead, "dead");
    Objects.requireNonNull(guardTtl, "guardTtl");
    Objects.requireNonNull(resultTtl, "resultTtl");
  }

  /** A pass that keeps the records of dead-lettered tasks for the default result TTL. */
  public ReapRequest(int limit, int maxCrashes, DeadLetterPolicy dead, Duration guardTtl) {
    this(limit, maxCrashes, dead, guardTtl, QueueConfig.DEFAULT_RESULT_TTL);
  }
}

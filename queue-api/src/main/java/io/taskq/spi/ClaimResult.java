package io.taskq.spi;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one claim got.
 *
 * @param tasks the claimed tasks, oldest first
 * @param limited true when the queue's rate limit or {@code maxActive} refused the claim or cut it
 *     short while pending tasks remained
 * @param nextToken when the rate limit held the claim back: the time until the bucket holds its
 *     next token (the claimer waits that long before claiming again); {@code null} otherwise. A
 *     claim held back by {@code maxActive} only has none: a freed slot signals
 *     {@link Broker#awaitWork} instead
 */
public record ClaimResult(List<ClaimedTask> tasks, boolean limited,
    @Nullable Duration nextToken) {

  private static final ClaimResult NONE = new ClaimResult(List.of(), false, null);

  public ClaimResult {
    tasks = List.copyOf(Objects.requireNonNull(tasks, "tasks"));
    if (nextToken != null && !limited) {
      throw new IllegalArgumentException("nextToken is only given for a limited claim");
    }
  }

  /** A claim that no limit held back. */
  public static ClaimResult of(List<ClaimedTask> tasks) {
    return tasks.isEmpty() ? NONE : new ClaimResult(tasks, false, null);
  }

  /** A claim no limit held back that found nothing (paused or empty queue). */
  public static ClaimResult none() {
    return NONE;
  }
}

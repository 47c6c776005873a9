package io.taskq.spi;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a reaper pass did, and when the next one is worth running.
 *
 * @param recovered ids returned to pending (their crash count was incremented)
 * @param deadLettered ids sent to the DLQ because they crashed workers more than
 *     {@code maxCrashes} times
 * @param skipped true when another pass held the queue's reaper guard and nothing was done
 * @param nextExpiry time from the broker's now until the earliest lease deadline still held in
 *     the queue (when skipped: or the guard's release, whichever is later); zero when a lease is
 *     already due, null when no task is active
 */
public record ReapResult(List<String> recovered, List<String> deadLettered, boolean skipped,
    @Nullable Duration nextExpiry) {

  public ReapResult {
    recovered = List.copyOf(recovered);
    deadLettered = List.copyOf(deadLettered);
    if (nextExpiry != null && nextExpiry.isNegative()) {
      nextExpiry = Duration.ZERO;
    }
  }

  /** A pass that did nothing because another held the guard. */
  public static ReapResult skipped(@Nullable Duration nextExpiry) {
    return new ReapResult(List.of(), List.of(), true, nextExpiry);
  }
}

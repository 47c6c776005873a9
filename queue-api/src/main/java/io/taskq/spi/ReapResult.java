package io.taskq.spi;

import java.util.List;

/**
 * What a reaper pass did.
 *
 * @param recovered ids returned to pending (their crash count was incremented)
 * @param deadLettered ids sent to the DLQ because they crashed workers more than
 *     {@code maxCrashes} times
 * @param skipped true when another pass held the queue's reaper guard and nothing was done
 */
public record ReapResult(List<String> recovered, List<String> deadLettered, boolean skipped) {
  public static final ReapResult SKIPPED = new ReapResult(List.of(), List.of(), true);

  public ReapResult {
    recovered = List.copyOf(recovered);
    deadLettered = List.copyOf(deadLettered);
  }
}

package io.taskq.spi;

import java.util.List;

/**
 * The outcome of an enqueue call.
 *
 * @param created tasks newly stored
 * @param duplicateIds ids that were already live in their queue and were left unchanged
 */
public record EnqueueResult(int created, List<String> duplicateIds) {
  public EnqueueResult {
    duplicateIds = List.copyOf(duplicateIds);
  }
}

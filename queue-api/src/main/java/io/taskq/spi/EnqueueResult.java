package io.taskq.spi;

import java.util.List;
import java.util.Map;

/**
 * The outcome of an enqueue call.
 *
 * @param created tasks newly stored
 * @param duplicateIds ids that were already live in their queue and were left unchanged
 * @param uniqueHolders for each task not stored because its unique key
 *     ({@link NewTask#uniqueKey()}) is held: its id → the id of the task holding the key
 */
public record EnqueueResult(int created, List<String> duplicateIds,
    Map<String, String> uniqueHolders) {
  public EnqueueResult {
    duplicateIds = List.copyOf(duplicateIds);
    uniqueHolders = Map.copyOf(uniqueHolders);
  }

  /** A result without unique keys held. */
  public EnqueueResult(int created, List<String> duplicateIds) {
    this(created, duplicateIds, Map.of());
  }
}

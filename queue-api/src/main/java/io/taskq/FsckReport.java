package io.taskq;

import java.util.List;

/**
 * The consistency check of one queue.
 *
 * @param queue the queue
 * @param danglingIds ids in a state index whose payload is missing
 * @param orphanIds payloads in no state index
 * @param staleActive active tasks whose lease expired long ago and whose worker is not alive
 * @param repaired how many were repaired (0 without repair)
 */
public record FsckReport(String queue, List<String> danglingIds, List<String> orphanIds,
    List<String> staleActive, long repaired) {
  public FsckReport {
    danglingIds = List.copyOf(danglingIds);
    orphanIds = List.copyOf(orphanIds);
    staleActive = List.copyOf(staleActive);
  }

  /** Problems found. */
  public int found() {
    return danglingIds.size() + orphanIds.size() + staleActive.size();
  }
}

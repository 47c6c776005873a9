package io.taskq;

import java.util.List;

/**
 * The consistency check of one queue.
 *
 * @param queue the queue
 * @param danglingIds ids in a state index whose payload is missing
 * @param orphanIds payloads in no state index
 * @param staleActive active tasks whose lease expired long ago and whose worker is not alive
 * @param duplicateIds ids in pending more than once, or in pending and another state
 * @param badScores ids whose due time, lease deadline, death time or result expiry is no real
 *     time (infinite, or past the year 10000)
 * @param repaired how many were repaired (0 without repair)
 */
public record FsckReport(String queue, List<String> danglingIds, List<String> orphanIds,
    List<String> staleActive, List<String> duplicateIds, List<String> badScores, long repaired) {
  public FsckReport {
    danglingIds = List.copyOf(danglingIds);
    orphanIds = List.copyOf(orphanIds);
    staleActive = List.copyOf(staleActive);
    duplicateIds = List.copyOf(duplicateIds);
    badScores = List.copyOf(badScores);
  }

  /** A report without duplicates and bad scores. */
  public FsckReport(String queue, List<String> danglingIds, List<String> orphanIds,
      List<String> staleActive, long repaired) {
    this(queue, danglingIds, orphanIds, staleActive, List.of(), List.of(), repaired);
  }

  /** Problems found. */
  public int found() {
    return danglingIds.size() + orphanIds.size() + staleActive.size() + duplicateIds.size()
        + badScores.size();
  }
}

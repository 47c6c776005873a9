package io.taskq.spi;

import java.util.List;

/**
 * What a consistency scan of one queue found. The scan reads several keys one after another, so
 * a task moving meanwhile may show up; repairs re-check each id atomically before changing it.
 *
 * @param danglingIds ids in a state index whose payload is missing
 * @param orphanIds payloads in no state index (the task would never run)
 * @param expiredActive active tasks whose lease expired before the scan's cutoff
 * @param duplicateIds ids in pending more than once, or in pending and another state
 * @param badScores ids whose time in a sorted state index (due, deadline, death, result expiry)
 *     is no real time: infinite or past the year 10000
 */
public record FsckScan(List<String> danglingIds, List<String> orphanIds,
    List<String> expiredActive, List<String> duplicateIds, List<String> badScores) {
  public FsckScan {
    danglingIds = List.copyOf(danglingIds);
    orphanIds = List.copyOf(orphanIds);
    expiredActive = List.copyOf(expiredActive);
    duplicateIds = List.copyOf(duplicateIds);
    badScores = List.copyOf(badScores);
  }

  /** A scan that found no duplicates and no bad scores (brokers that cannot store them). */
  public FsckScan(List<String> danglingIds, List<String> orphanIds, List<String> expiredActive) {
    this(danglingIds, orphanIds, expiredActive, List.of(), List.of());
  }
}

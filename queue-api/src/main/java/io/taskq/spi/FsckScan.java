package io.taskq.spi;

import java.util.List;

/**
 * What a consistency scan of one queue found. The scan reads several keys one after another, so
 * a task moving meanwhile may show up; repairs re-check each id atomically before changing it.
 *
 * @param danglingIds ids in a state index whose payload is missing
 * @param orphanIds payloads in no state index (the task would never run)
 * @param expiredActive active tasks whose lease expired before the scan's cutoff
 */
public record FsckScan(List<String> danglingIds, List<String> orphanIds,
    List<String> expiredActive) {
  public FsckScan {
    danglingIds = List.copyOf(danglingIds);
    orphanIds = List.copyOf(orphanIds);
    expiredActive = List.copyOf(expiredActive);
  }
}

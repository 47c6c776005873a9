package io.taskq.spi;

/** What {@link BeatStore#fire} did. */
public enum BeatFireResult {
  /** The task was enqueued. */
  FIRED,
  /** This or a later occurrence of the entry was fired before (by any replica): nothing done. */
  ALREADY_FIRED,
  /** The previous occurrence's task is still live and the overlap policy is skip. */
  SKIPPED_OVERLAP
}

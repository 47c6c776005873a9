package io.taskq.spi;

/** A kind of inconsistency {@link QueueAdmin#repair} fixes. */
public enum FsckProblem {
  /** An id in an index without payload: removed from every index. */
  DANGLING_ID,
  /** A payload in no index: pushed to the tail of pending, so the task runs. */
  ORPHAN_PAYLOAD,
  /** An active task whose lease expired long ago: returned to the head of pending. */
  EXPIRED_ACTIVE,
  /**
   * An id in pending more than once, or in pending and another state: the extra pending entries
   * are removed (the first stays when pending is its only state), so the task runs once.
   */
  DUPLICATE_ID,
  /** A time that is no real time (infinite, past the year 10000): set to now. */
  BAD_SCORE
}

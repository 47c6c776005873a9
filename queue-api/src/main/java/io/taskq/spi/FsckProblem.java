package io.taskq.spi;

/** A kind of inconsistency {@link QueueAdmin#repair} fixes. */
public enum FsckProblem {
  /** An id in an index without payload: removed from every index. */
  DANGLING_ID,
  /** A payload in no index: pushed to the tail of pending, so the task runs. */
  ORPHAN_PAYLOAD,
  /** An active task whose lease expired long ago: returned to the head of pending. */
  EXPIRED_ACTIVE
}

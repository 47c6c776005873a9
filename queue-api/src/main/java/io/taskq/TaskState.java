package io.taskq;

/** Where a task is in its lifecycle. See {@code docs/lifecycle.md} for the transitions. */
public enum TaskState {
  /** Waiting for its countdown or ETA. */
  SCHEDULED,
  /** Ready to run. */
  PENDING,
  /** Claimed by a worker (reserved or running). */
  ACTIVE,
  /** Failed, waiting for its backoff before the next attempt. */
  RETRY,
  /** In the dead-letter queue, or dead-lettered and kept as a record. */
  DEAD,
  /** Finished successfully (known while its record is kept: the queue's result TTL). */
  SUCCEEDED,
  /** Withdrawn by an operator or the application before it ran, or interrupted by a revoke. */
  REVOKED,
  /** Claimed after its expiry time: not run. */
  EXPIRED;

  /** Whether the task will not run again on its own: SUCCEEDED, DEAD, REVOKED or EXPIRED. */
  public boolean isFinal() {
    return this == SUCCEEDED || this == DEAD || this == REVOKED || this == EXPIRED;
  }
}

package io.taskq;

/** Where a task is in its lifecycle. */
public enum TaskState {
  /** Waiting for its countdown or ETA. */
  SCHEDULED,
  /** Ready to run. */
  PENDING,
  /** Claimed by a worker (reserved or running). */
  ACTIVE,
  /** Failed, waiting for its backoff before the next attempt. */
  RETRY,
  /** In the dead-letter queue. */
  DEAD,
  /** Finished successfully (known while its result is kept). */
  SUCCEEDED
}

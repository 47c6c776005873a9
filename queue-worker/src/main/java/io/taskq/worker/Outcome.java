package io.taskq.worker;

import java.util.Locale;

/** How one attempt of a task ended, as the {@code outcome} metric tag and log word. */
public enum Outcome {
  /** The handler returned; the task is acked. */
  SUCCESS,
  /** The handler failed; the task waits for its backoff. */
  RETRY,
  /** The handler failed with no retry left, or asked for none; the task is in the DLQ. */
  DEAD,
  /** The task could not run (undecodable, unknown task, arguments that do not bind): DLQ. */
  REJECTED,
  /**
   * The handler ended but the broker refused to record it: the worker's lease had expired and the
   * task was returned to its queue (another worker runs it, and counts its outcome then).
   */
  LEASE_LOST,
  /** Revoked: ended without running, stopped by {@code revoke --terminate}, or not retried. */
  REVOKED,
  /** Claimed after its expiry time: ended without running. */
  EXPIRED;

  /**
   * The lowercase tag value: {@code success}, {@code retry}, {@code dead}, {@code rejected},
   * {@code lease_lost}, {@code revoked}, {@code expired}.
   */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}

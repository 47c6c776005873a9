package io.taskq.spi;

/**
 * Number of tasks per state in one queue, read in one atomic step.
 *
 * @param pending ready to run
 * @param active claimed by a worker
 * @param scheduled waiting for a countdown or ETA
 * @param retry waiting for a retry backoff
 * @param dead in the dead-letter queue
 */
public record QueueCounts(long pending, long active, long scheduled, long retry, long dead) {
  public static final QueueCounts EMPTY = new QueueCounts(0, 0, 0, 0, 0);

  /** Tasks still to run: pending, active, scheduled and retry (not dead). */
  public long live() {
    return pending + active + scheduled + retry;
  }
}

package io.taskq.spi;

import io.taskq.TaskState;
import java.util.List;
import java.util.Map;

/**
 * Operator actions on a queue's stored tasks, for the inspection API and {@code taskq}. Each call
 * is atomic per chunk of at most {@link Broker#MAX_BATCH} tasks; never touches active tasks
 * unless said. Thread-safe.
 */
public interface QueueAdmin {
  /**
   * Ids of the queue's tasks in {@code state} (PENDING in run order; ACTIVE, SCHEDULED, RETRY and
   * DEAD by score: lease deadline, due time, death time), at most {@code limit}. DEAD lists the
   * DLQ; SUCCEEDED, REVOKED and EXPIRED list the kept records of that final state, soonest to
   * expire first (a result kept without a record counts as SUCCEEDED).
   */
  List<String> ids(String queue, TaskState state, int limit);

  /**
   * One page of the queue's tasks in {@code state}, in the order of {@link #ids}, each with its
   * envelope, score, lease, crash count and record as {@link Broker#find} returns them, read in one
   * call (one script on Redis). Read only.
   *
   * <p>The cursor names the last entry read, so paging through a state that changes meanwhile
   * neither repeats nor skips a task that stays in it: a task that leaves the state before its
   * page is read is not listed, one that enters it is listed if its place is after the cursor.
   * PENDING is the exception: its cursor falls back to a position when the last id read was
   * claimed meanwhile, so claims may make a page skip tasks.
   *
   * @throws IllegalArgumentException for a cursor this broker did not make
   */
  TaskPage page(String queue, TaskState state, PageRequest request);

  /**
   * The first pending id of each priority that has pending tasks, highest priority first: the
   * oldest task of each (FIFO within a priority), so the oldest pending task is among them even
   * when higher priorities are claimed before it. The default, for a broker without priorities:
   * the next id to claim.
   */
  default List<String> pendingHeads(String queue) {
    return ids(queue, TaskState.PENDING, 1);
  }

  /**
   * Deletes every task of the queue in {@code state} (PENDING, SCHEDULED, RETRY or DEAD; never
   * ACTIVE), in chunks.
   *
   * @return how many were deleted
   * @throws IllegalArgumentException for ACTIVE or SUCCEEDED
   */
  long purge(String queue, TaskState state);

  /**
   * Moves a dead task back to the tail of pending with {@code envelope} (its replayed envelope:
   * retries reset, a replay note in the history) and clears its crash count.
   *
   * @return false when it is not in the DLQ (nothing changed)
   */
  boolean replay(String queue, String id, String envelope);

  /** Deletes dead tasks; returns how many were in the DLQ. */
  long deleteDead(String queue, List<String> ids);

  /** The queue's counters: processed, failed, retried, dead, recovered (absent = 0). */
  Map<String, Long> counters(String queue);

  /** Scans a queue for inconsistencies; {@code expiredBefore} is the lease cutoff. */
  FsckScan scan(String queue, java.time.Instant expiredBefore);

  /**
   * Repairs the given ids of one problem kind, re-checking each atomically first (an id that is
   * fine by now is left alone).
   *
   * @return how many were repaired
   */
  long repair(String queue, FsckProblem problem, List<String> ids, java.time.Instant expiredBefore);

  /**
   * Removes the queue from the registry of queues ({@link Broker#queues()}) when it holds no task
   * (pending, active, scheduled, retry or dead). The check and the removal are not one atomic step
   * (the registry is a global key, in another cluster slot): a task enqueued meanwhile by a new
   * process registers the queue again.
   *
   * @return false when the queue still holds tasks (nothing changed)
   */
  boolean forget(String queue);
}

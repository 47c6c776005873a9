package io.taskq;

import io.taskq.config.TaskqConfig;
import io.taskq.internal.ShardedInspector;
import io.taskq.spi.Broker;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What operators see and do: health, queues, tasks per state, workers, beat schedules; purge, DLQ replay
 * and delete, pause and resume. The {@code taskq} command line is a thin shell over this API.
 * Thread-safe; every call is a few blocking broker round trips.
 *
 * @see TaskClient for submitting
 */
public interface Inspector {
  /** An inspector on {@code broker}; the caller keeps and closes the broker. */
  static Inspector create(Broker broker, TaskqConfig config) {
    return new ShardedInspector(broker, config);
  }

  /**
   * The health of taskq: the broker answers a ping within 1 s (its round trip, its warnings such
   * as "Redis is out of memory"), the workers' heartbeats, and every {@linkplain #queues() queue}
   * (sorted) readable and, when it has pending tasks and is not paused, served by a live worker. A
   * broken listing or queue is reported and the rest still checked. Never throws for an
   * unreachable broker: the result is then {@link Health.Status#DOWN} with the reason.
   */
  Health health();

  /** {@link #health()} checking just {@code queues}, in that order, instead of every queue. */
  Health health(Collection<String> queues);

  /** Every queue that ever received a task, plus the configured ones, sorted. */
  Set<String> queues();

  /** A queue's counts, counters and lag. */
  QueueStats stats(String queue);

  /**
   * A queue's tasks in {@code state}, at most {@code limit}: PENDING in run order, the others by
   * time. ACTIVE holds reserved tasks too (claimed, handler not started: {@code startedAt} null),
   * including those of dead workers whose lease has not been reaped yet.
   */
  List<TaskInfo> tasks(String queue, TaskState state, int limit);

  /** A task by id, looked up in every queue. */
  Optional<TaskInfo> task(String id);

  /** Registered workers, alive or with a stale heartbeat. */
  List<WorkerStatus> workers();

  /** A chain or group by id ({@code taskq chain get}, {@code taskq group get}). */
  Optional<WorkflowInfo> workflow(String id);

  /**
   * Deletes a queue's tasks in {@code state} (PENDING, SCHEDULED, RETRY or DEAD; never ACTIVE).
   *
   * @return how many were deleted
   */
  long purge(String queue, TaskState state);

  /** Dead tasks of a queue matching {@code filter}, oldest death first, at most {@code limit}. */
  default List<TaskInfo> dead(String queue, DeadFilter filter, int limit) {
    return dead(queue, filter, 0, limit);
  }

  /**
   * Dead tasks of a queue matching {@code filter}, oldest death first, after skipping the first
   * {@code offset} that match, at most {@code limit}: the DLQ is read in pages of a few hundred
   * tasks (one broker call each), the task name and {@code since} filtered by the broker.
   *
   * @throws IllegalArgumentException when {@code offset} is negative
   */
  List<TaskInfo> dead(String queue, DeadFilter filter, int offset, int limit);

  /**
   * Puts a dead task back to pending: retries reset, a {@code replayed} note in its history.
   *
   * @return false when it is not in the DLQ
   */
  boolean replay(String queue, String id);

  /** Deletes dead tasks; returns how many were in the DLQ. */
  long deleteDead(String queue, List<String> ids);

  /** Stops workers claiming from a queue; submissions still land. */
  void pause(String queue);

  /** Lets workers claim from a queue again. */
  void resume(String queue);

  /**
   * Removes a stale queue from {@link #queues()} (the registry of queues that ever had a task)
   * when it holds no task; a queue named in the configuration stays listed.
   *
   * @return false when the queue still holds tasks (pending, active, scheduled, retry or dead);
   *     nothing is changed then
   */
  boolean forget(String queue);

  /** Beat entries that fired or are planned, by name. */
  List<ScheduleStatus> schedules();

  /** The beat leader lease holder ({@code host:pid:epoch}), if a beat is alive. */
  Optional<String> beatLeader();

  /**
   * Checks a queue for ids without payload, payloads in no state and active tasks whose lease
   * expired more than {@code staleAfter} ago with no live worker; with {@code repair}, fixes them
   * (each re-checked atomically first).
   */
  FsckReport fsck(String queue, java.time.Duration staleAfter, boolean repair);
}

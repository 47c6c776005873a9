package io.taskq.worker;

/**
 * Every metric taskq publishes, one prefix, lowercase and dot-separated (Prometheus shows
 * {@code taskq.tasks.completed} as {@code taskq_tasks_completed_total}). Tags: {@code queue},
 * {@code task}, and the bounded {@code outcome} and {@code state}; never a task id.
 */
public final class MetricNames {
  /** Counter: tasks whose handler started. Tags queue, task. */
  public static final String TASKS_STARTED = "taskq.tasks.started";
  /** Counter: finished attempts. Tags queue, task, outcome (success, retry, dead, rejected,
   * lease_lost: the broker refused the outcome because the lease had expired; revoked, expired). */
  public static final String TASKS_COMPLETED = "taskq.tasks.completed";
  /** Counter: tasks this worker ended REVOKED (not run, terminated, or not retried). Tags queue,
   * task. */
  public static final String TASKS_REVOKED = "taskq.tasks.revoked";
  /** Counter: tasks this worker claimed after their expiry and ended EXPIRED. Tags queue, task. */
  public static final String TASKS_EXPIRED = "taskq.tasks.expired";
  /** Timer with histogram: handler run time. Tags queue, task. */
  public static final String TASK_DURATION = "taskq.task.duration";
  /** Timer with histogram: from submission to handler start. Tags queue, task. */
  public static final String TASK_LATENCY = "taskq.task.latency";
  /** Gauge: tasks per state (pending, active, scheduled, retry, dead). Tags queue, state. */
  public static final String QUEUE_DEPTH = "taskq.queue.depth";
  /** Gauge: age of the oldest pending task, seconds. Tag queue. */
  public static final String QUEUE_LAG = "taskq.queue.lag";
  /** Gauge: tasks in the dead-letter queue. Tag queue. */
  public static final String DLQ_SIZE = "taskq.dlq.size";
  /** Counter: tasks returned from crashed workers by this worker's reaper. Tag queue. */
  public static final String LEASE_RECOVERED = "taskq.lease.recovered";
  /** Counter: claims this worker lost before recording an outcome. Tag queue. */
  public static final String LEASE_LOST = "taskq.lease.lost";
  /**
   * Counter: handler threads that ignored the interrupt at their task's hard time limit (still
   * running a second after it; the attempt failed and its slot was freed). Tags queue, task.
   */
  public static final String TASKS_INTERRUPT_IGNORED = "taskq.tasks.interrupt.ignored";
  /** Gauge: handler threads that ignored the interrupt at their hard time limit and still run. */
  public static final String WORKER_STUCK = "taskq.worker.stuck";
  /**
   * Counter: claims of this worker that the queue's rate limit or {@code maxActive} refused or cut
   * short while tasks were pending. Tag queue.
   */
  public static final String RATELIMIT_WAITS = "taskq.ratelimit.waits";
  /** Gauge: tasks this worker holds. */
  public static final String WORKER_INFLIGHT = "taskq.worker.inflight";
  /** Gauge: tasks this worker may hold (sum of queue concurrency). */
  public static final String WORKER_CAPACITY = "taskq.worker.capacity";
  /**
   * Counter: task events this worker did not append to the event stream (more than 10,000
   * awaiting Redis, refused by Redis, or Redis unreachable); the tasks themselves are unaffected.
   */
  public static final String EVENTS_DROPPED = "taskq.events.dropped";
  /** Timer: Redis round trip of the health check. */
  public static final String REDIS_RTT = "taskq.redis.rtt";

  private MetricNames() {}
}

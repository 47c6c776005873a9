package io.taskq.test;

import io.taskq.TaskHandle;
import io.taskq.TaskInfo;
import org.assertj.core.api.AbstractAssert;

/** Assertions on a {@link Taskq}: pick a queue or a task to check. */
public final class TaskqAssert extends AbstractAssert<TaskqAssert, Taskq> {
  TaskqAssert(Taskq actual) {
    super(actual, TaskqAssert.class);
  }

  /** Assertions on the counts of one queue. */
  public QueueAssert queue(String name) {
    isNotNull();
    return new QueueAssert(actual, name);
  }

  /**
   * Assertions on one task, looked up now; fails when the task is unknown (never submitted, or
   * succeeded without a result: such a task is not kept, check {@link QueueAssert#hasSucceeded}).
   */
  public TaskAssert task(TaskHandle<?> handle) {
    isNotNull();
    TaskInfo info = actual.client().find(handle).orElse(null);
    if (info == null) {
      failWithMessage("Expected task %s on queue %s to be known, but it is not (never submitted,"
          + " or succeeded without a result, which is not kept)", handle.id(), handle.queue());
    }
    return new TaskAssert(info);
  }
}

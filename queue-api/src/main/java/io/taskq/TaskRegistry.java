package io.taskq;

/** Where a {@link TaskModule} registers the tasks a worker can run. */
public interface TaskRegistry {

  /**
   * Registers a handler for a task.
   *
   * @throws IllegalArgumentException if a handler for the same task name is already registered
   */
  <P> TaskRegistry register(TaskDefinition<P> definition, TaskHandler<P> handler);
}

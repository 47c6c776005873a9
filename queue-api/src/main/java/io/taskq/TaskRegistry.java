package io.taskq;

/** Where a {@link TaskModule} registers the tasks a worker can run. */
public interface TaskRegistry {

  /**
   * Registers a handler for a task.
   *
   * @throws ConfigException if a handler for the same task name is already registered (a
   *     configuration error: the message names both registrations' modules and jars)
   */
  <P> TaskRegistry register(TaskDefinition<P> definition, TaskHandler<P> handler);
}

package io.taskq;

/**
 * A set of task definitions and their handlers, found with {@link java.util.ServiceLoader}: list
 * the implementing class in {@code META-INF/services/io.taskq.TaskModule} and put the jar on the
 * worker's class path ({@code taskq worker --classpath app.jar}). Implementations need a public
 * no-argument constructor.
 */
public interface TaskModule {

  /** Registers this module's tasks. Called once per worker, before it starts. */
  void register(TaskRegistry registry);
}

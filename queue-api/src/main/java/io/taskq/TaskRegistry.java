package io.taskq;

/**
 * Where a {@link TaskModule} registers the tasks a worker can run: one handler per task name.
 *
 * <p>Two shapes of handler, told apart by the number of lambda parameters, so both compile
 * without casts:
 *
 * <pre>{@code
 * registry.register(Greeting.TASK, (greeting, ctx) -> "Hello, " + greeting.name()); // keeps a result
 * registry.register(SendEmail.TASK, mail -> mailer.send(mail));                      // returns nothing
 * registry.register(SendEmail.TASK, mailer::send);                                    // the same
 * }</pre>
 *
 * A handler that needs the context but returns nothing is a block that returns {@code null}:
 * {@code (mail, ctx) -> { mailer.send(mail, ctx.id()); return null; }}.
 *
 * <p>Registration happens before a worker starts, on one thread; implementations need not be
 * thread-safe.
 */
public interface TaskRegistry {

  /**
   * Registers a handler whose return value is the task's result (kept when results are enabled;
   * {@code null} for none).
   *
   * @return this registry
   * @throws ConfigException if a handler for the same task name is already registered (a
   *     configuration error: the message names both registrations' modules and jars)
   */
  <P> TaskRegistry register(TaskDefinition<P> definition, TaskHandler<P> handler);

  /**
   * Registers work that returns nothing and needs no context, e.g. {@code mailer::send}. The
   * task succeeds when {@code work} returns and has no result; exceptions count as with
   * {@link TaskHandler}.
   *
   * @return this registry
   * @throws ConfigException if a handler for the same task name is already registered
   */
  default <P> TaskRegistry register(TaskDefinition<P> definition, TaskConsumer<P> work) {
    return register(definition, (TaskHandler<P>) (payload, context) -> {
      work.accept(payload);
      return null;
    });
  }

  /**
   * Registers the handler of a task with a declared result type; its value is the result the
   * submitter's {@link TaskHandle#await} binds. Same as registering
   * {@link TaskDefinition.Returning#definition()}.
   *
   * @return this registry
   * @throws ConfigException if a handler for the same task name is already registered
   */
  default <P, R> TaskRegistry register(TaskDefinition.Returning<P, R> task,
      TaskHandler<P> handler) {
    return register(task.definition(), handler);
  }

  /**
   * Adds a {@link TaskInterceptor} around the handlers of every task of the worker (not only this
   * module's); interceptors run in the order they were added, the first outermost.
   *
   * @return this registry
   * @throws UnsupportedOperationException when the registry takes no interceptors (the default)
   */
  default TaskRegistry intercept(TaskInterceptor interceptor) {
    throw new UnsupportedOperationException("this task registry takes no interceptors");
  }
}

package io.taskq;

import org.jspecify.annotations.Nullable;

/**
 * Worker-side middleware: runs around each attempt's handler call, on the handler's thread and
 * under its time limits. It sees the attempt's {@link TaskContext} (with the headers that
 * {@link SubmitInterceptor}s added at submit), the outcome (the handler's return value or
 * exception) and can time it: a trace span, a tenant bound to the thread, a metric. Registered
 * with {@code Worker.Builder.interceptor} or from a {@link TaskModule}
 * ({@link TaskRegistry#intercept}); several run in registration order, the first outermost.
 *
 * <pre>{@code
 * TaskInterceptor tenant = (context, proceed) -> {
 *   try (var scope = Tenants.bind(context.headers().get("tenant"))) {
 *     return proceed.proceed();
 *   }
 * };
 * }</pre>
 *
 * <p>An implementation calls {@link Proceed#proceed()} once and returns its result, or throws;
 * what it throws or returns counts as the handler's (a {@link RetryLaterException} retries, any
 * other exception is a failure under the retry policy). It runs concurrently for many tasks:
 * implementations must be thread-safe.
 */
@FunctionalInterface
public interface TaskInterceptor {

  /**
   * Around one attempt.
   *
   * @param context the attempt
   * @param proceed runs the next interceptors, then the handler
   * @return the task's result, normally what {@code proceed} returned
   * @throws Exception the handler's failure, or the interceptor's own
   */
  @Nullable Object aroundTask(TaskContext context, Proceed proceed) throws Exception;

  /** The rest of the attempt: the next interceptors, then the handler. */
  @FunctionalInterface
  interface Proceed {
    /**
     * Runs the handler.
     *
     * @return its result, or {@code null}
     * @throws Exception as the handler threw
     */
    @Nullable Object proceed() throws Exception;
  }
}

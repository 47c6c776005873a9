package io.taskq.internal;

import io.taskq.SubmitInterceptor;
import io.taskq.SubmitInterceptor.Submission;
import io.taskq.TaskContext;
import io.taskq.TaskHandler;
import io.taskq.TaskInterceptor;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Runs chains of {@link SubmitInterceptor}s and {@link TaskInterceptor}s, the first outermost. */
public final class Interceptors {
  private Interceptors() {}

  /**
   * Runs {@code interceptors} around {@code enqueue}.
   *
   * @throws IllegalStateException when an interceptor returned without proceeding or throwing, or
   *     proceeded twice: the task was not enqueued (or not twice)
   */
  public static void submit(List<SubmitInterceptor> interceptors, Submission submission,
      Runnable enqueue) {
    submit(interceptors, 0, submission, enqueue);
  }

  /**
   * The headers of a task that is stored later, or in a batch sent after: {@code interceptors}
   * run around a submit that does nothing, and the headers they added are returned with
   * {@code headers}.
   */
  public static Map<String, String> headers(List<SubmitInterceptor> interceptors,
      String taskName, String queue, String id, Map<String, String> headers) {
    if (interceptors.isEmpty()) {
      return headers;
    }
    Submission submission = new Submission(taskName, queue, id, headers);
    submit(interceptors, submission, () -> { });
    return submission.headers();
  }

  private static void submit(List<SubmitInterceptor> interceptors, int i, Submission submission,
      Runnable enqueue) {
    if (i == interceptors.size()) {
      enqueue.run();
      return;
    }
    SubmitInterceptor interceptor = interceptors.get(i);
    boolean[] proceeded = {false};
    interceptor.aroundSubmit(submission, () -> {
      if (proceeded[0]) {
        throw new IllegalStateException("submit interceptor " + interceptor.getClass().getName()
            + " proceeded twice with " + submission);
      }
      proceeded[0] = true;
      submit(interceptors, i + 1, submission, enqueue);
    });
    if (!proceeded[0]) {
      throw new IllegalStateException("submit interceptor " + interceptor.getClass().getName()
          + " returned without proceeding or throwing: " + submission + " was not enqueued");
    }
  }

  /** {@code handler} with {@code interceptors} around each call; itself when there are none. */
  public static <P> TaskHandler<P> around(List<TaskInterceptor> interceptors,
      TaskHandler<P> handler) {
    if (interceptors.isEmpty()) {
      return handler;
    }
    List<TaskInterceptor> chain = List.copyOf(interceptors);
    return (payload, context) -> call(chain, 0, context, () -> handler.handle(payload, context));
  }

  private static @Nullable Object call(List<TaskInterceptor> chain, int i, TaskContext context,
      TaskInterceptor.Proceed handler) throws Exception {
    if (i == chain.size()) {
      return handler.proceed();
    }
    return chain.get(i).aroundTask(context, () -> call(chain, i + 1, context, handler));
  }
}

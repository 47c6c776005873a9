package io.taskq;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Client-side middleware: runs around the enqueue of each task a {@link TaskClient} submits, on
 * the submitting thread. It may add headers to the task ({@link Submission#header}), which the
 * worker's handler and {@link TaskInterceptor}s read from {@link TaskContext#headers()} (a trace
 * context, a tenant); and it may veto the submit by throwing: nothing is enqueued and the
 * exception reaches the caller of {@code submit}. Registered with
 * {@link TaskClient.Builder#interceptor}; several run in registration order, the first outermost.
 *
 * <pre>{@code
 * SubmitInterceptor tenant = (submission, proceed) -> {
 *   submission.header("tenant", Tenants.current());
 *   proceed.proceed();
 * };
 * }</pre>
 *
 * <p>An implementation calls {@link Proceed#proceed()} exactly once, or throws. In a bulk
 * submission ({@code submitAll}) it runs once per task and {@code proceed()} only marks the task
 * ready: the batch is sent after every task's interceptors returned. Implementations must be
 * thread-safe: a client is shared by threads.
 */
@FunctionalInterface
public interface SubmitInterceptor {

  /**
   * Around the enqueue of one task.
   *
   * @param submission the task being submitted; add headers before calling {@code proceed}
   * @param proceed enqueues the task (or runs the next interceptor)
   * @throws RuntimeException to veto (before {@code proceed}) or as the enqueue failed
   */
  void aroundSubmit(Submission submission, Proceed proceed);

  /** The rest of the submit: the next interceptors, then the enqueue. */
  @FunctionalInterface
  interface Proceed {
    /**
     * Enqueues the task with the submission's headers.
     *
     * @throws TaskqException as {@link TaskClient#submit} would
     */
    void proceed();
  }

  /**
   * One task being submitted: its name, queue and id (chosen by the client before the
   * interceptors run) and its headers, to which interceptors add. Not thread-safe: it belongs to
   * the submitting thread.
   */
  final class Submission {
    private final String taskName;
    private final String queue;
    private final String id;
    private final Map<String, String> headers;

    /** A submission with the headers of its options. */
    public Submission(String taskName, String queue, String id, Map<String, String> headers) {
      this.taskName = Objects.requireNonNull(taskName, "taskName");
      this.queue = Objects.requireNonNull(queue, "queue");
      this.id = Objects.requireNonNull(id, "id");
      this.headers = new LinkedHashMap<>(headers);
    }

    /** The task's name. */
    public String taskName() {
      return taskName;
    }

    /** The queue it is submitted to. */
    public String queue() {
      return queue;
    }

    /** The task's id (with a unique key already held, the task that holds it keeps its own). */
    public String id() {
      return id;
    }

    /** The headers so far, read-only. */
    public Map<String, String> headers() {
      return Collections.unmodifiableMap(headers);
    }

    /** Adds or replaces a header; names and values are non-empty text, never secrets. */
    public Submission header(String name, String value) {
      if (name.isEmpty()) {
        throw new IllegalArgumentException("a header name must not be empty");
      }
      headers.put(name, Objects.requireNonNull(value, "value"));
      return this;
    }

    @Override
    public String toString() {
      return "Submission[" + taskName + ", queue " + queue + ", id " + id + "]";
    }
  }
}

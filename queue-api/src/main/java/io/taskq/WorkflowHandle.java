package io.taskq;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A submitted chain or group: its id ({@link TaskClient#workflow}, {@code taskq chain get ID},
 * {@code taskq group get ID}) and the handles of its tasks, so a caller can wait for any of them:
 * a chain's last task ({@link #last()}) or a chord's body ({@link #body()}) carries the final
 * result, and {@link #await} waits for the whole. The handles of tasks submitted later (a chain's
 * later steps, a chord's body) are {@link TaskHandle#planned}: waiting for one also waits for its
 * submission. Immutable.
 *
 * <pre>{@code
 * Object total = client.chain(step(FETCH, url), step(PARSE), step(STORE)).await(Duration.ofMinutes(1));
 * }</pre>
 *
 * @param id the workflow id
 * @param kind chain or group
 * @param tasks its members in order (a chain's later steps are submitted as the chain advances)
 * @param body a chord's body, or {@code null}
 */
public record WorkflowHandle(String id, WorkflowInfo.Kind kind, List<TaskHandle<Object>> tasks,
    @Nullable TaskHandle<Object> body) {
  public WorkflowHandle {
    Objects.requireNonNull(id, "id");
    tasks = List.copyOf(tasks);
  }

  /** The last member: a chain's final step. */
  public TaskHandle<Object> last() {
    return tasks.get(tasks.size() - 1);
  }

  /**
   * Waits for the workflow's outcome, at most {@code timeout} in all, and returns its result: a
   * chain's last result, a chord's body result, or a group's member results in member order.
   * Follows the tasks in order, so a failure is reported as soon as it happens, by the task
   * that failed; the tasks after it, never submitted, are not waited for.
   *
   * @throws TaskFailedException when a step, a member or the body ended DEAD, REVOKED or EXPIRED
   *     (its id, state and error)
   * @throws WaitTimeoutException when the workflow did not finish within {@code timeout}
   * @throws BrokerUnavailableException when the broker cannot be reached
   * @throws TaskqException when the thread is interrupted (the interrupt flag is set)
   */
  public @Nullable Object await(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<@Nullable Object> results = new ArrayList<>(tasks.size());
    for (TaskHandle<Object> t : tasks) {
      results.add(t.await(left(deadline)));
    }
    if (body != null) {
      return body.await(left(deadline));
    }
    return kind == WorkflowInfo.Kind.CHAIN ? results.getLast()
        : Collections.unmodifiableList(results);
  }

  private static Duration left(long deadline) {
    return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }
}

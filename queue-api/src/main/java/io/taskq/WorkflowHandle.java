package io.taskq;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A submitted chain or group: its id ({@link TaskClient#workflow}, {@code taskq chain get ID},
 * {@code taskq group get ID}) and the handles of its tasks, so a caller can wait for any of them:
 * a chain's last task ({@link #last()}) or a chord's body ({@link #body()}) carries the final
 * result. Immutable.
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
}

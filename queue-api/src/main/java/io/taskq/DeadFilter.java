package io.taskq;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which dead tasks a DLQ action applies to; criteria combine (all must match).
 *
 * @param ids only these ids (empty: any)
 * @param task only this task name
 * @param errorClass only tasks whose last error has this class (simple or full name)
 * @param since only tasks that died at or after this instant
 */
public record DeadFilter(Set<String> ids, @Nullable String task, @Nullable String errorClass,
    @Nullable Instant since) {
  /** Every dead task. */
  public static final DeadFilter ALL = new DeadFilter(Set.of(), null, null, null);

  public DeadFilter {
    ids = Set.copyOf(ids);
  }

  /** Whether a dead task matches. */
  public boolean matches(TaskInfo t) {
    if (!ids.isEmpty() && !ids.contains(t.id())) {
      return false;
    }
    if (task != null && !task.equals(t.taskName())) {
      return false;
    }
    if (errorClass != null) {
      String type = t.lastError() == null ? "" : t.lastError().type();
      if (!type.equals(errorClass) && !type.endsWith("." + errorClass)) {
        return false;
      }
    }
    return since == null || (t.dueAt() != null && !t.dueAt().isBefore(since));
  }

  /** The ids as a list (for messages). */
  public List<String> idList() {
    return List.copyOf(ids);
  }
}

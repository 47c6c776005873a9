package io.taskq.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskq.TaskAttempt;
import io.taskq.TaskError;
import io.taskq.TaskInfo;
import io.taskq.TaskState;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A task as every command prints it ({@code inspect}, {@code task get}, {@code dlq list}): the
 * field names of docs/cli.md. Each time has its own name, so a dead task's time of death is
 * {@code diedAt}, never a due time.
 *
 * @param state lowercase; an active task whose handler has not started is {@code reserved}
 * @param dueAt when a scheduled or retry task is due
 * @param result a succeeded task's result (JSON as stored), else {@code null}
 * @param error why a task that ended dead, revoked or expired did not succeed (type and message),
 *     else {@code null}
 */
record TaskView(
    String id,
    String queue,
    String taskName,
    String state,
    @Nullable String workerId,
    int retries,
    int crashRecoveries,
    @Nullable Instant createdAt,
    @Nullable Instant startedAt,
    @Nullable Instant dueAt,
    @Nullable Instant diedAt,
    @Nullable Instant finishedAt,
    @Nullable TaskError lastError,
    List<TaskAttempt> attempts,
    @Nullable JsonNode result,
    @Nullable Failure error) {

  /** How a task that did not succeed failed: the error's type and message (no stack). */
  record Failure(String type, String message) {}

  static TaskView of(TaskInfo t) {
    boolean waiting = t.state() == TaskState.SCHEDULED || t.state() == TaskState.RETRY;
    TaskError e = t.lastError();
    boolean failed = t.state().isFinal() && t.state() != TaskState.SUCCEEDED;
    return new TaskView(t.id(), t.queue(), t.taskName(), state(t), t.workerId(), t.retries(),
        t.crashRecoveries(), t.createdAt(), t.startedAt(), waiting ? t.dueAt() : null,
        t.state() == TaskState.DEAD ? t.dueAt() : null, t.finishedAt(), t.lastError(),
        t.attempts(), Output.tree(t.resultJson()),
        failed && e != null ? new Failure(e.type(), e.message()) : null);
  }

  private static String state(TaskInfo t) {
    return t.state() == TaskState.ACTIVE && t.startedAt() == null
        ? "reserved" : t.state().name().toLowerCase(Locale.ROOT);
  }

  /** The time a list shows for this task: due, died, started or finished, whichever applies. */
  @Nullable Instant when() {
    return dueAt != null ? dueAt : diedAt != null ? diedAt : finishedAt != null ? finishedAt
        : startedAt;
  }
}

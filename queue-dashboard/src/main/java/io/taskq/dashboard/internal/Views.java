package io.taskq.dashboard.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskq.QueueStats;
import io.taskq.ScheduleStatus;
import io.taskq.TaskAttempt;
import io.taskq.TaskError;
import io.taskq.TaskInfo;
import io.taskq.TaskState;
import io.taskq.WorkerStatus;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What the API prints, with the field names of the CLI's {@code --json} (docs/cli.md, "JSON
 * output"): camelCase, instants ending in {@code At}, durations in their unit, lowercase states,
 * {@code null} where a field does not apply.
 */
final class Views {
  private Views() {}

  /**
   * A queue's figures.
   *
   * @param processedPerSecond acks per second over the last sample, or {@code null} before the
   *     second sample
   * @param failedPerSecond failed attempts per second over the last sample, or {@code null}
   */
  record QueueView(String queue, long pending, long active, long scheduled, long retry,
      long dead, long processed, long failed, long recovered, double lagSeconds, boolean paused,
      @Nullable Double processedPerSecond, @Nullable Double failedPerSecond) {

    static QueueView of(QueueStats s, @Nullable Double processedPerSecond,
        @Nullable Double failedPerSecond) {
      return new QueueView(s.queue(), s.pending(), s.active(), s.scheduled(), s.retry(),
          s.dead(), s.processed(), s.failed(), s.recovered(), s.lag().toMillis() / 1000.0,
          s.paused(), processedPerSecond, failedPerSecond);
    }
  }

  /**
   * A task. Lists carry no attempts and no stack traces ({@code attempts} empty, {@code stack}
   * null); the detail carries both.
   *
   * @param result a succeeded task's result when results are shown: its JSON, or its text cut
   *     at the limit when longer ({@code resultTruncated}); else {@code null}
   * @param resultHidden whether the task has a result that the options do not show
   */
  record TaskView(String id, String queue, String taskName, String state,
      @Nullable String workerId, int retries, int crashRecoveries, @Nullable Instant createdAt,
      @Nullable Instant startedAt, @Nullable Instant dueAt, @Nullable Instant diedAt,
      @Nullable Instant finishedAt, @Nullable TaskError lastError, List<TaskAttempt> attempts,
      @Nullable Object result, boolean resultTruncated, boolean resultHidden,
      @Nullable Failure error) {

    static TaskView summary(TaskInfo t) {
      TaskError e = t.lastError();
      return of(t, e == null ? null : new TaskError(e.type(), e.message(), null), List.of(),
          null, false, t.resultJson() != null);
    }

    static TaskView detail(TaskInfo t, boolean showResult, int resultLimit) {
      String r = t.resultJson();
      if (r == null || !showResult) {
        return of(t, t.lastError(), t.attempts(), null, false, r != null);
      }
      if (r.length() > resultLimit) {
        return of(t, t.lastError(), t.attempts(), clip(r, resultLimit), true, false);
      }
      return of(t, t.lastError(), t.attempts(), tree(r), false, false);
    }

    private static TaskView of(TaskInfo t, @Nullable TaskError lastError,
        List<TaskAttempt> attempts, @Nullable Object result, boolean truncated, boolean hidden) {
      boolean waiting = t.state() == TaskState.SCHEDULED || t.state() == TaskState.RETRY;
      TaskError e = t.lastError();
      boolean failed = t.state().isFinal() && t.state() != TaskState.SUCCEEDED;
      return new TaskView(t.id(), t.queue(), t.taskName(), Views.state(t), t.workerId(), t.retries(),
          t.crashRecoveries(), t.createdAt(), t.startedAt(), waiting ? t.dueAt() : null,
          t.state() == TaskState.DEAD ? t.dueAt() : null, t.finishedAt(), lastError, attempts,
          result, truncated, hidden, failed && e != null ? new Failure(e.type(), e.message())
              : null);
    }
  }

  /** Why a task that ended dead, revoked or expired did not succeed. */
  record Failure(String type, String message) {}

  /** A worker as {@code taskq inspect workers --json} prints it. */
  record WorkerView(String id, String host, long pid, List<String> queues, int concurrency,
      int active, Instant startedAt, Instant lastHeartbeatAt, boolean alive) {
    static WorkerView of(WorkerStatus w) {
      return new WorkerView(w.id(), w.host(), w.pid(), w.queues(), w.concurrency(), w.active(),
          w.startedAt(), w.lastHeartbeat(), w.alive());
    }
  }

  /** A beat entry as {@code taskq inspect schedules --json} prints it. */
  record ScheduleView(String entry, @Nullable String schedule,
      @Nullable Instant lastOccurrenceAt, @Nullable String lastTaskId, @Nullable Instant firedAt,
      @Nullable Instant nextOccurrenceAt) {
    static ScheduleView of(ScheduleStatus s) {
      return new ScheduleView(s.entry(), s.schedule(), s.lastOccurrence(), s.lastTaskId(),
          s.firedAt(), s.nextOccurrence());
    }
  }

  /** The state word of the CLI: an active task whose handler has not started is reserved. */
  static String state(TaskInfo t) {
    return t.state() == TaskState.ACTIVE && t.startedAt() == null
        ? "reserved" : t.state().name().toLowerCase(Locale.ROOT);
  }

  static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "…";
  }

  private static Object tree(String json) {
    try {
      JsonNode n = Json.MAPPER.readTree(json);
      return n == null ? json : n;
    } catch (java.io.IOException e) {
      return json; // stored results are JSON; show the text as it is otherwise
    }
  }
}

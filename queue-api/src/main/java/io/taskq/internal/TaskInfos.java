package io.taskq.internal;

import io.taskq.PayloadException;
import io.taskq.TaskError;
import io.taskq.TaskInfo;
import io.taskq.TaskResult;
import io.taskq.TaskState;
import io.taskq.spi.StoredTask;
import io.taskq.spi.TaskRecord;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Turns what a broker stores into the public {@link TaskInfo}. */
public final class TaskInfos {
  private TaskInfos() {}

  /** The public view of a stored task; an undecodable envelope shows as task {@code unknown}. */
  public static TaskInfo of(StoredTask s, EnvelopeCodec codec) {
    if (s.state() == TaskState.SUCCEEDED || (s.state().isFinal() && s.envelope() == null
        && s.record() != null)) {
      return finished(s); // its envelope is gone: the record and the result are what is kept
    }
    TaskEnvelope env = null;
    TaskError decodeError = null;
    if (s.envelope() != null) {
      try {
        env = codec.decode(s.envelope());
      } catch (PayloadException e) {
        decodeError = TaskError.reason("Rejected", e.getMessage());
      }
    } else {
      decodeError = TaskError.reason("Missing", "the task's payload is missing");
    }
    TaskError lastError = env != null ? env.lastError() : decodeError;
    if (s.state() == TaskState.DEAD && lastError == null && s.crashRecoveries() > 0) {
      lastError = crashed(s.crashRecoveries());
    }
    TaskRecord record = s.record();
    if (lastError == null && record != null) {
      lastError = record.error();
    }
    Instant started = s.lease() != null ? s.lease().startedAt()
        : record != null ? record.startedAt() : null;
    String worker = s.lease() != null ? s.lease().workerId()
        : record != null ? record.workerId() : null;
    return new TaskInfo(s.id(), s.queue(),
        env != null ? env.task() : TaskEnvelope.UNKNOWN_TASK, s.state(),
        env != null ? env.retries() : 0, s.crashRecoveries(),
        env != null ? env.createdAt() : null, s.score(), worker, started, lastError,
        env != null ? env.history() : List.of(), record != null ? record.finishedAt() : null,
        null);
  }

  /**
   * A task known by its record (its envelope is gone): final state, name, times, attempts, error
   * and result.
   */
  private static TaskInfo finished(StoredTask s) {
    TaskRecord r = s.record();
    if (r == null) {
      return new TaskInfo(s.id(), s.queue(), TaskEnvelope.UNKNOWN_TASK, s.state(), 0, 0, null,
          null, null, null, null, List.of(), null, s.result());
    }
    return new TaskInfo(s.id(), s.queue(), r.taskName().isEmpty() ? TaskEnvelope.UNKNOWN_TASK
        : r.taskName(), s.state(), Math.max(0, r.attempts() - 1), s.crashRecoveries(),
        r.createdAt(), null, r.workerId(), r.startedAt(), r.error(), List.of(), r.finishedAt(),
        s.result());
  }

  /**
   * How a finished task ended, from its public view: the error without its stack; a task in the
   * DLQ finished when it died.
   *
   * @throws IllegalArgumentException when the task has not finished
   */
  public static TaskResult result(TaskInfo t) {
    TaskError e = t.lastError();
    Instant finished = t.finishedAt() != null ? t.finishedAt()
        : t.state() == TaskState.DEAD ? t.dueAt() : null;
    return new TaskResult(t.id(), t.queue(), t.state(),
        t.state() == TaskState.SUCCEEDED ? t.resultJson() : null,
        t.state() == TaskState.SUCCEEDED || e == null ? null
            : TaskError.reason(e.type(), e.message()),
        t.createdAt(), t.startedAt(), finished);
  }

  /** The dead-letter reason of a task the reaper dead-lettered after repeated worker crashes. */
  public static TaskError crashed(int times) {
    return TaskError.reason("Crashed", "crashed worker " + times + " times");
  }

  static @Nullable String nullIfBlank(@Nullable String s) {
    return s == null || s.isBlank() ? null : s;
  }
}

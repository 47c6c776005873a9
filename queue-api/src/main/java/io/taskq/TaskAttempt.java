package io.taskq;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a task's history: an attempt that ended (failed, retried, timed out) or an operator
 * action such as a replay.
 *
 * @param number attempt number (1 for the first); 0 for an operator note
 * @param workerId the worker that ran it, or {@code null} for an operator note
 * @param startedAt when it started
 * @param finishedAt when it ended
 * @param outcome {@code retry}, {@code dead}, {@code rejected}, {@code replayed}, ...
 * @param error the failure, or {@code null}
 */
public record TaskAttempt(
    int number,
    @Nullable String workerId,
    Instant startedAt,
    Instant finishedAt,
    String outcome,
    @Nullable TaskError error) {

  public TaskAttempt {
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
    Objects.requireNonNull(outcome, "outcome");
  }
}

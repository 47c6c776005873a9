package io.taskq;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What is known of a chain or a group: its state, its members with their results, and how it
 * failed. Kept for 7 days after its last change. Immutable.
 *
 * @param id the workflow id
 * @param kind chain or group
 * @param state RUNNING, then SUCCEEDED or FAILED
 * @param members its tasks in order, each with its result once it succeeded
 * @param failedIndex the index of the first member that did not succeed, or {@code null}
 * @param failure that member's final state and error, or {@code null}
 * @param body a group's body (the chord callback), or {@code null}
 * @param errback a group's error callback, or {@code null}
 * @param createdAt when it was submitted
 * @param finishedAt when it reached SUCCEEDED or FAILED, or {@code null}
 */
public record WorkflowInfo(String id, Kind kind, State state, List<Member> members,
    @Nullable Integer failedIndex, @Nullable Failure failure, @Nullable Member body,
    @Nullable Member errback, Instant createdAt, @Nullable Instant finishedAt) {
  public WorkflowInfo {
    Objects.requireNonNull(id, "id");
    members = List.copyOf(members);
  }

  /** What a workflow is. */
  public enum Kind { CHAIN, GROUP }

  /** Where a workflow is. */
  public enum State { RUNNING, SUCCEEDED, FAILED }

  /**
   * One task of a workflow.
   *
   * @param id its task id
   * @param queue its queue
   * @param task its task name
   * @param result its result as JSON once it succeeded ({@code null} JSON when it returned
   *     nothing), else {@code null}
   */
  public record Member(String id, String queue, String task, @Nullable String result) {}

  /**
   * How a member ended when it did not succeed.
   *
   * @param index its index
   * @param state DEAD, REVOKED or EXPIRED
   * @param error its error, or {@code null}
   */
  public record Failure(int index, TaskState state, @Nullable TaskError error) {}

  /** The number of members that succeeded. */
  public long succeeded() {
    return members.stream().filter(m -> m.result() != null).count();
  }
}

package io.taskq.spi;

import io.taskq.TaskState;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The records of chains and groups: one map of fields per workflow id, created once, settled one
 * member at a time. Thread-safe; every call is one atomic step on the broker.
 *
 * <p>Fields written at creation: {@code kind} ({@code chain} or {@code group}), {@code size}, the
 * members as JSON ({@code tasks}) and, for a group, its optional {@code body} and {@code errback}
 * (link specs as JSON). Settling adds {@code state} ({@code SUCCEEDED}, {@code FAILED}; absent
 * while running), {@code r:<index>} (each succeeded member's result, {@code null} when none),
 * {@code done} (how many succeeded), {@code failed} (the first failed member's index),
 * {@code error} (its state and error as JSON) and {@code finishedAt} (epoch ms).
 */
public interface WorkflowStore {
  /**
   * Stores a new workflow record, kept for {@code ttl} after its last change.
   *
   * @return false when a workflow of this id exists (nothing is changed)
   */
  boolean create(String id, Map<String, String> fields, Duration ttl);

  /** The fields of a workflow; empty when unknown or expired. */
  Map<String, String> read(String id);

  /**
   * Records the final state of member {@code index} once (a repeated call for the same member
   * changes nothing but is answered the same): a chain succeeds with its last member and fails
   * with its first failed one; a group succeeds when every member succeeded, and fails with its
   * first failed member.
   *
   * @param result the member's result JSON when it succeeded, else {@code null}
   * @param failure the member's state and error as JSON when it did not succeed, else
   *     {@code null}
   * @return what to submit now: a group's body with the results in member order once every member
   *     succeeded, its errback once a member failed, else nothing
   */
  Settled settle(String id, int index, TaskState state, @Nullable String result,
      @Nullable String failure, Duration ttl);

  /**
   * What a settle asks for.
   *
   * @param body a group body's link spec to submit with {@code results}, or {@code null}
   * @param errback a group errback's link spec to submit, or {@code null}
   * @param results every member's result JSON in member order (with {@code body} only)
   */
  record Settled(@Nullable String body, @Nullable String errback,
      java.util.List<String> results) {
    /** Nothing to submit. */
    public static final Settled NOTHING = new Settled(null, null, java.util.List.of());
  }
}

package io.taskq.embedded;

import io.taskq.TaskState;
import io.taskq.internal.TaskInfos;
import io.taskq.spi.ReapRequest;
import io.taskq.spi.ReapResult;
import io.taskq.spi.TaskRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The embedded broker's side of the worker's sweeps of a queue: due scheduled and retry tasks
 * forwarded to pending ({@link io.taskq.spi.Broker#forwardDue}), and expired leases reaped, the
 * crash recovery ({@link io.taskq.spi.Broker#reap}). Each call is atomic under the broker's lock.
 */
final class QueueSweeps {
  /** The task name at the head of a stored envelope, whose first fields are v, id and task. */
  private static final Pattern TASK_NAME =
      Pattern.compile("\\{\"v\":\\d+,\"id\":\"[^\"]*\",\"task\":\"([^\"|]+)\"");

  private final EmbeddedQueues queues;

  QueueSweeps(EmbeddedQueues queues) {
    this.queues = queues;
  }

  /** Moves due scheduled and retry tasks to the tail of pending, at most {@code limit}. */
  int forwardDue(String queue, int limit) {
    return queues.atNow(queue, (s, now) -> {
      int moved = 0;
      for (ScoredSet set : List.of(s.scheduled, s.retry)) {
        for (String id : set.upTo(now, limit - moved)) {
          set.remove(id);
          s.pushLast(id);
          moved++;
        }
      }
      if (moved > 0) {
        queues.wake();
      }
      return moved;
    });
  }

  ReapResult reap(String queue, ReapRequest request) {
    return queues.atNow(queue, (s, now) -> {
      if (nextExpiry(s, now, 0) == null) { // nothing active: nothing to do, no guard (as Redis)
        return new ReapResult(List.of(), List.of(), false, null);
      }
      if (!request.guardTtl().isZero()) {
        if (now < s.reaperGuardUntil) {
          return ReapResult.skipped(nextExpiry(s, now, s.reaperGuardUntil - now));
        }
        s.reaperGuardUntil = now + request.guardTtl().toMillis();
      }
      ReapResult r = recoverExpired(s, now, request);
      if (!r.recovered().isEmpty() || !r.deadLettered().isEmpty()) { // slots freed, work returned
        queues.wake();
      }
      return r;
    });
  }

  /**
   * Returns tasks whose lease expired to the head of pending, counting a crash; one over max
   * crashes goes to the DLQ instead.
   */
  private static ReapResult recoverExpired(QueueState s, long now, ReapRequest request) {
    List<String> recovered = new ArrayList<>();
    List<String> buried = new ArrayList<>();
    List<String> expired = s.active.upTo(now, request.limit());
    // oldest deadline first; pushed to the head one by one, so reverse to keep their order
    for (int i = expired.size() - 1; i >= 0; i--) {
      String id = expired.get(i);
      Lease lease = s.leases.get(id);
      s.release(id);
      int crashed = s.crashes.merge(id, 1, Integer::sum);
      // a revoked task goes back to pending whatever its crashes: its next claim ends it REVOKED
      if (crashed > request.maxCrashes() && !s.revoked.contains(id)) {
        TaskRecord record = crashedRecord(s.tasks.get(id), lease, crashed, now);
        s.followUps.settle(id, TaskState.DEAD, null, record);
        s.kept.keep(id, record, null, request.resultTtl().toMillis(), now);
        s.bury(id, now, request.dead());
        buried.add(0, id);
      } else {
        s.pushFirst(id);
        s.count("recovered", 1);
        recovered.add(0, id);
      }
    }
    return new ReapResult(recovered, buried, false, nextExpiry(s, now, 0));
  }

  /**
   * The record of a task dead-lettered for crashing workers, as the Lua reaper writes it: the
   * name from the envelope's head, the error {@code Crashed}.
   */
  private static TaskRecord crashedRecord(@Nullable String env, @Nullable Lease lease,
      int crashed, long now) {
    Matcher m = env == null ? null : TASK_NAME.matcher(env);
    String name = m != null && m.lookingAt() ? m.group(1) : "";
    return new TaskRecord(TaskState.DEAD, name, null,
        lease == null || lease.startedAt() == 0 ? null : Instant.ofEpochMilli(lease.startedAt()),
        Instant.ofEpochMilli(now), crashed, lease == null ? null : lease.workerId(),
        TaskInfos.crashed(crashed));
  }

  /**
   * Until the earliest lease deadline, at least {@code atLeast} ms; null when nothing is active.
   */
  private static @Nullable Duration nextExpiry(QueueState s, long now, long atLeast) {
    String first = s.active.first();
    if (first == null) {
      return null;
    }
    long deadline = Objects.requireNonNull(s.active.score(first));
    return Duration.ofMillis(Math.max(Math.max(0, deadline - now), atLeast));
  }
}

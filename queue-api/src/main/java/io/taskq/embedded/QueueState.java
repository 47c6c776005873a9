package io.taskq.embedded;

import io.taskq.DeadLetterPolicy;
import io.taskq.TaskState;
import io.taskq.spi.ClaimedTask;
import io.taskq.spi.LeaseRef;
import io.taskq.spi.NewTask;
import io.taskq.spi.QueueCounts;
import io.taskq.spi.StoredTask;
import io.taskq.spi.TaskRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The state of one queue in the embedded broker and the steps on it that the broker's operations
 * share (storing, claiming, fencing, the DLQ, ending a task, lookups); guarded by the broker's
 * lock. Times are epoch ms. The operations are in {@link TaskLifecycle}, {@link Revokes},
 * {@link QueueSweeps} and {@link EmbeddedQueueAdmin}.
 */
final class QueueState {
  final Map<String, String> tasks = new HashMap<>();
  final PendingIds pending = new PendingIds();
  /** Priority (1 to 9) of a live task; absent = 0. Kept through retries, DLQ and replays. */
  final Map<String, Integer> priorities = new HashMap<>();
  final ScoredSet active = new ScoredSet();
  final Map<String, Lease> leases = new HashMap<>();
  final ScoredSet scheduled = new ScoredSet();
  final ScoredSet retry = new ScoredSet();
  final ScoredSet dead = new ScoredSet();
  final Map<String, Integer> crashes = new HashMap<>();
  final Map<String, Long> stats = new HashMap<>();
  /** Records and results of finished tasks, and who finished under the current lock. */
  final KeptRecords kept = new KeptRecords();
  /** The unique keys and the tasks holding them. */
  final UniqueHolders unique = new UniqueHolders();
  /** Revoked ids → until when the revoke is remembered. */
  final ScoredSet revoked = new ScoredSet();
  /** The links of live tasks with follow-ups, and the follow-ups of ended ones. */
  final FollowUpOutbox followUps = new FollowUpOutbox();
  boolean paused;
  /** Until when a reap with a guard holds off the next ({@link QueueSweeps#reap}). */
  long reaperGuardUntil;
  /** The rate limit's bucket and the maxActive wake-up of this queue's claims. */
  final ClaimGate gate = new ClaimGate();

  void count(String stat, long n) {
    stats.merge(stat, n, Long::sum);
  }

  /**
   * The id of the task holding unique key {@code key} at {@code now}, or null (see {@link
   * UniqueHolders#holder}); expired keys of gone tasks are dropped first, as the enqueue script
   * does.
   */
  @Nullable String uniqueHolder(String key, long now) {
    unique.trim(now, this::live);
    return unique.holder(key, now, this::live);
  }

  private boolean live(String id) {
    return tasks.containsKey(id) && !dead.contains(id);
  }

  /**
   * Stores a new task, pending or scheduled; false when its id is live (nothing changed). A task
   * with a unique key takes the key; the caller checked it is free ({@link #uniqueHolder}).
   */
  boolean add(NewTask t, long now) {
    if (tasks.containsKey(t.id()) || (t.once() && kept.record(t.id()) != null)) {
      return false;
    }
    tasks.put(t.id(), t.envelope());
    if (t.links() != null) {
      followUps.link(t.id(), t.links());
    }
    if (t.uniqueKey() != null) {
      unique.take(t.uniqueKey(), t.id(),
          now + Objects.requireNonNull(t.uniqueTtl(), "uniqueTtl").toMillis());
    }
    if (t.priority() > 0) {
      priorities.put(t.id(), t.priority());
    }
    long due = t.eta() != null ? t.eta().toEpochMilli()
        : t.countdown() != null ? now + t.countdown().toMillis() : now;
    if (due > now) {
      scheduled.add(t.id(), due);
    } else {
      pushLast(t.id());
    }
    return true;
  }

  /** Claims up to {@code max} pending tasks under a lease each, with a fresh token. */
  List<ClaimedTask> claim(String queue, int max, long now, Duration lease, String workerId) {
    List<ClaimedTask> out = new ArrayList<>();
    long deadline = now + lease.toMillis();
    String id;
    while (out.size() < max && (id = pending.pollFirst()) != null) {
      if (!tasks.containsKey(id) || active.contains(id)) {
        continue; // a duplicate of a finished task or of a held claim: only one may run
      }
      String token = UUID.randomUUID().toString();
      active.add(id, deadline);
      leases.put(id, new Lease(token, workerId, now, 0));
      out.add(new ClaimedTask(queue, id, tasks.get(id), token, Instant.ofEpochMilli(deadline),
          Instant.ofEpochMilli(now), crashes.getOrDefault(id, 0), revoked.contains(id)));
    }
    return out;
  }

  /** Adds {@code id} to the tail of its priority in pending. */
  void pushLast(String id) {
    pending.addLast(id, priorities.getOrDefault(id, 0));
  }

  /** Adds {@code id} to the head of its priority in pending (requeue, crash recovery). */
  void pushFirst(String id) {
    pending.addFirst(id, priorities.getOrDefault(id, 0));
  }

  /** Forgets a task that ended or was purged: its payload, crash count, priority and links. */
  void forget(String id) {
    followUps.unlink(id);
    tasks.remove(id);
    crashes.remove(id);
    priorities.remove(id);
  }

  /** Whether {@code ref} is the current claim of an active task. */
  boolean holds(LeaseRef ref) {
    Lease l = leases.get(ref.id());
    return l != null && l.token().equals(ref.token()) && active.contains(ref.id());
  }

  /**
   * Ends a claim: the task leaves active and its lease.
   *
   * @return true when a claim waits for a slot of maxActive: the caller wakes the waiters
   */
  boolean release(String id) {
    active.remove(id);
    leases.remove(id);
    return gate.slotFreed();
  }

  /** Adds a task to the DLQ and trims it by age, then by size (oldest first). */
  void bury(String id, long now, DeadLetterPolicy caps) {
    dead.add(id, now);
    count("dead", 1);
    for (String old : dead.upTo(now - caps.maxAge().toMillis() - 1, Integer.MAX_VALUE)) {
      drop(old);
    }
    while (dead.size() > caps.maxSize()) {
      drop(Objects.requireNonNull(dead.first()));
    }
  }

  private void drop(String id) {
    dead.remove(id);
    forget(id);
  }

  /** Ends a task that left every state: payload gone, {@code record} kept, counted. */
  void end(String id, TaskRecord record, long now, long resultTtl) {
    followUps.settle(id, record.state(), null, record);
    forget(id);
    count(record.state().name().toLowerCase(java.util.Locale.ROOT), 1);
    kept.keep(id, record, null, resultTtl, now);
  }

  QueueCounts counts() {
    return new QueueCounts(pending.size(), active.size(), scheduled.size(), retry.size(),
        dead.size());
  }

  /** Where a task is, with its envelope, score, lease and crash count. */
  Optional<StoredTask> find(String queue, String id) {
    String env = tasks.get(id);
    int crashed = crashes.getOrDefault(id, 0);
    Long score;
    if ((score = active.score(id)) != null) {
      Lease l = leases.get(id);
      return Optional.of(new StoredTask(queue, id, TaskState.ACTIVE, env,
          Instant.ofEpochMilli(score), l == null ? null : l.info(score), crashed));
    }
    for (var e : Map.of(TaskState.SCHEDULED, scheduled, TaskState.RETRY, retry,
        TaskState.DEAD, dead).entrySet()) {
      if ((score = e.getValue().score(id)) != null) {
        boolean dlq = e.getKey() == TaskState.DEAD && kept.contains(id);
        return Optional.of(new StoredTask(queue, id, e.getKey(), env,
            Instant.ofEpochMilli(score), null, crashed, dlq ? kept.record(id) : null, null));
      }
    }
    // as the Lua find: a finished task (no envelope) is answered from its record before the
    // linear search of pending
    if (!(env == null && kept.contains(id)) && pending.contains(id)) {
      return Optional.of(new StoredTask(queue, id, TaskState.PENDING, env, null, null, crashed));
    }
    if (kept.contains(id)) {
      TaskRecord r = kept.record(id);
      return Optional.of(new StoredTask(queue, id, r == null ? TaskState.SUCCEEDED : r.state(),
          null, null, null, 0, r, kept.result(id)));
    }
    return Optional.empty();
  }

  /** Whether a scheduled or retry task is due. */
  boolean dueAt(long now) {
    for (ScoredSet set : List.of(scheduled, retry)) {
      String first = set.first();
      if (first != null && Objects.requireNonNull(set.score(first)) <= now) {
        return true;
      }
    }
    return false;
  }
}

package io.taskq.embedded;

import io.taskq.DeadLetterPolicy;
import io.taskq.TaskState;
import io.taskq.spi.Ack;
import io.taskq.spi.AckClaimResult;
import io.taskq.spi.ClaimRequest;
import io.taskq.spi.ClaimResult;
import io.taskq.spi.ClaimedTask;
import io.taskq.spi.EnqueueResult;
import io.taskq.spi.LeaseRef;
import io.taskq.spi.NewTask;
import io.taskq.spi.TaskRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The hot path of the embedded broker, a task's way through it: enqueue, claim, start, extend,
 * then ack, retry, dead-letter, requeue or finish, each fenced by the claim's token (see
 * {@link io.taskq.spi.Broker}). Each call is atomic under the broker's lock.
 */
final class TaskLifecycle {
  private final EmbeddedQueues queues;

  TaskLifecycle(EmbeddedQueues queues) {
    this.queues = queues;
  }

  EnqueueResult enqueue(List<NewTask> tasks) {
    return queues.locked(() -> {
      long now = queues.nowMillis();
      int created = 0;
      List<String> duplicates = new ArrayList<>();
      Map<String, String> held = new LinkedHashMap<>();
      for (NewTask t : tasks) {
        QueueState s = queues.state(t.queue());
        String holder = t.uniqueKey() != null && !s.tasks.containsKey(t.id())
            ? s.uniqueHolder(t.uniqueKey(), now) : null;
        if (holder != null) {
          held.put(t.id(), holder);
        } else if (s.add(t, now)) {
          created++;
        } else {
          duplicates.add(t.id());
        }
      }
      queues.wake();
      return new EnqueueResult(created, duplicates, held);
    });
  }

  ClaimResult claim(ClaimRequest r) {
    return queues.locked(() -> claimLocked(r));
  }

  private ClaimResult claimLocked(ClaimRequest r) {
    QueueState s = queues.state(r.queue());
    if (s.paused) {
      return ClaimResult.none();
    }
    long now = queues.nowMillis();
    // the gate before the pop, as in the Redis claim script
    int allowed = s.gate.allowed(r, now, s.active.size());
    List<ClaimedTask> claimed = allowed == 0 ? List.of()
        : s.claim(r.queue(), allowed, now, r.lease(), r.workerId());
    return s.gate.settle(r, now, claimed, s.active.size(), !s.pending.isEmpty());
  }

  void markStarted(String queue, List<LeaseRef> leases) {
    queues.locked(() -> {
      QueueState s = queues.state(queue);
      long now = queues.nowMillis();
      for (LeaseRef ref : leases) {
        if (s.holds(ref)) {
          s.leases.computeIfPresent(ref.id(), (k, l) -> l.started(now));
        }
      }
    });
  }

  Set<String> extend(String queue, List<LeaseRef> leases, Duration lease) {
    return queues.locked(() -> {
      QueueState s = queues.state(queue);
      long deadline = queues.nowMillis() + lease.toMillis();
      Set<String> lost = new HashSet<>();
      for (LeaseRef ref : leases) {
        if (s.holds(ref)) {
          s.active.add(ref.id(), deadline);
        } else {
          lost.add(ref.id());
        }
      }
      return lost;
    });
  }

  List<String> ack(String queue, List<Ack> acks) {
    return queues.atNow(queue, (s, now) -> ackLocked(s, now, acks));
  }

  private List<String> ackLocked(QueueState s, long now, List<Ack> acks) {
    List<String> rejected = new ArrayList<>();
    for (Ack a : acks) {
      String id = a.lease().id();
      if (!s.holds(a.lease())) {
        rejected.add(id);
        continue;
      }
      if (s.release(id)) {
        queues.wake(); // a claim cut by maxActive waits for this slot
      }
      s.followUps.settle(id, TaskState.SUCCEEDED, a.result(), a.record());
      s.forget(id);
      s.count("processed", 1);
      s.kept.keep(id, a.record(), a.result(),
          a.keepsRecord() ? a.resultTtl().toMillis() : 0, now);
    }
    s.kept.expire(now);
    return rejected;
  }

  /** Both under the one lock: no other call sees the acks without the claim. */
  AckClaimResult ackAndClaim(List<Ack> acks, ClaimRequest next) {
    return queues.locked(() -> {
      List<String> rejected = acks.isEmpty() ? List.of()
          : ackLocked(queues.state(next.queue()), queues.nowMillis(), acks);
      return new AckClaimResult(rejected, next.max() < 1 ? ClaimResult.none()
          : claimLocked(next));
    });
  }

  /**
   * Ends a held claim as a failed attempt: stores the new envelope, counts it, then files the
   * task with {@code then}. False (nothing changed) when the claim is no longer held.
   */
  private boolean fail(String queue, LeaseRef lease, String envelope,
      BiConsumer<QueueState, Long> then) {
    return queues.locked(() -> {
      QueueState s = queues.state(queue);
      if (!s.holds(lease)) {
        return false;
      }
      if (s.release(lease.id())) {
        queues.wake(); // a claim cut by maxActive waits for this slot
      }
      s.tasks.put(lease.id(), envelope);
      s.count("failed", 1);
      then.accept(s, queues.nowMillis());
      return true;
    });
  }

  boolean retry(String queue, LeaseRef lease, String envelope, Duration delay) {
    return fail(queue, lease, envelope, (s, now) -> {
      // a revoked task is due at once: its next claim ends it REVOKED, it never runs again
      s.retry.add(lease.id(), s.revoked.contains(lease.id()) ? now : now + delay.toMillis());
      s.count("retried", 1);
      queues.wake();
    });
  }

  boolean deadLetter(String queue, LeaseRef lease, String envelope, DeadLetterPolicy caps,
      @Nullable TaskRecord record, Duration resultTtl) {
    return fail(queue, lease, envelope, (s, now) -> {
      s.followUps.settle(lease.id(), TaskState.DEAD, null, record);
      s.kept.keep(lease.id(), record, null, record == null ? 0 : resultTtl.toMillis(), now);
      s.bury(lease.id(), now, caps);
      s.kept.expire(now);
    });
  }

  boolean requeue(String queue, LeaseRef lease) {
    return queues.locked(() -> {
      QueueState s = queues.state(queue);
      if (!s.holds(lease)) {
        return false;
      }
      s.release(lease.id()); // the wake-up below serves a claim waiting for this slot too
      s.pushFirst(lease.id());
      queues.wake();
      return true;
    });
  }

  boolean finish(String queue, LeaseRef lease, TaskRecord record, Duration resultTtl) {
    return queues.atNow(queue, (s, now) -> {
      if (!s.holds(lease)) {
        return false;
      }
      if (s.release(lease.id())) {
        queues.wake(); // a claim cut by maxActive waits for this slot
      }
      s.end(lease.id(), record, now, resultTtl.toMillis());
      return true;
    });
  }
}

package io.taskq.embedded;

import io.taskq.TaskState;
import io.taskq.spi.Broker;
import io.taskq.spi.LeaseRef;
import io.taskq.spi.Revocation;
import io.taskq.spi.RevokeSignal;
import io.taskq.spi.StoredTask;
import io.taskq.spi.TaskRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Revokes on the embedded broker ({@link Broker#revoke}) and the signals that tell the workers
 * holding revoked tasks ({@link Broker#watchRevokes}). Thread-safe: revokes run under the
 * broker's lock, signals are sent after it.
 */
final class Revokes {
  private final EmbeddedQueues queues;
  private final List<Watch> watches = new CopyOnWriteArrayList<>();

  Revokes(EmbeddedQueues queues) {
    this.queues = queues;
  }

  Map<String, TaskState> revoke(String queue, List<Revocation> revocations,
      boolean terminate, Duration resultTtl) {
    List<Runnable> tell = new ArrayList<>();
    Map<String, TaskState> out = queues.atNow(queue, (s, now) -> {
      trimRevoked(s, now);
      long keepUntil = now + Math.max(resultTtl.toMillis(), Broker.REVOKE_KEEP.toMillis());
      Map<String, TaskState> states = new LinkedHashMap<>();
      for (Revocation r : revocations) {
        TaskState state = revoke(s, r.id(), r.record(), now, keepUntil, resultTtl.toMillis());
        if (state == null) {
          continue;
        }
        states.put(r.id(), state);
        Lease l = s.leases.get(r.id());
        if (state == TaskState.ACTIVE && l != null) {
          for (Watch w : watches) {
            if (w.workerId().equals(l.workerId()) && w.queues().contains(queue)) {
              RevokeSignal signal =
                  new RevokeSignal(queue, new LeaseRef(r.id(), l.token()), terminate);
              tell.add(() -> w.listener().accept(signal));
            }
          }
        }
      }
      return states;
    });
    tell.forEach(Runnable::run); // outside the lock: a listener may call back
    return out;
  }

  /**
   * Revokes one task at {@code now}: a pending, scheduled or retrying task ends REVOKED with
   * {@code record}; an active one is only marked. Returns the state it was in, or null when it is
   * nowhere.
   */
  private static @Nullable TaskState revoke(QueueState s, String id, TaskRecord record, long now,
      long keepUntil, long resultTtl) {
    TaskState state = s.find("", id).map(StoredTask::state).orElse(null); // the queue name unused
    if (state == null || state.isFinal()) {
      return state;
    }
    s.revoked.add(id, keepUntil);
    if (state != TaskState.ACTIVE) {
      if (state == TaskState.PENDING) {
        while (s.pending.remove(id)) {
          // one copy per call: every copy leaves pending, whatever its priority
        }
      }
      s.scheduled.remove(id);
      s.retry.remove(id);
      s.end(id, record, now, resultTtl);
    }
    return state;
  }

  /** Forgets revokes past their keep time. */
  private static void trimRevoked(QueueState s, long now) {
    for (String id : s.revoked.upTo(now, Broker.MAX_BATCH)) {
      s.revoked.remove(id);
    }
  }

  AutoCloseable watchRevokes(Set<String> queueNames, String workerId,
      Consumer<RevokeSignal> listener) {
    Watch w = new Watch(Set.copyOf(queueNames), workerId, listener);
    watches.add(w);
    return () -> watches.remove(w);
  }

  /** A worker's subscription to revokes of the tasks it holds. */
  private record Watch(Set<String> queues, String workerId, Consumer<RevokeSignal> listener) {}
}

package io.taskq.embedded;

import io.taskq.TaskState;
import io.taskq.spi.QueueAdmin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Operator actions on the embedded broker's queues, under the broker's lock. */
final class EmbeddedQueueAdmin implements QueueAdmin {
  private final EmbeddedBroker broker;

  EmbeddedQueueAdmin(EmbeddedBroker broker) {
    this.broker = broker;
  }

  @Override
  public List<String> ids(String queue, TaskState state, int limit) {
    return broker.locked(queue, s -> switch (state) {
      case PENDING -> s.pending.stream().limit(limit).toList();
      case ACTIVE -> s.active.upTo(Long.MAX_VALUE, limit);
      case SCHEDULED -> s.scheduled.upTo(Long.MAX_VALUE, limit);
      case RETRY -> s.retry.upTo(Long.MAX_VALUE, limit);
      case DEAD -> s.dead.upTo(Long.MAX_VALUE, limit);
      case SUCCEEDED -> List.copyOf(s.results.keySet()).stream().limit(limit).toList();
    });
  }

  @Override
  public long purge(String queue, TaskState state) {
    return broker.locked(queue, s -> {
      List<String> ids;
      switch (state) {
        case PENDING -> {
          ids = new ArrayList<>(s.pending);
          s.pending.clear();
        }
        case SCHEDULED, RETRY, DEAD -> {
          QueueState.ScoredSet set = state == TaskState.SCHEDULED ? s.scheduled
              : state == TaskState.RETRY ? s.retry : s.dead;
          ids = set.upTo(Long.MAX_VALUE, Integer.MAX_VALUE);
          ids.forEach(set::remove);
        }
        default -> throw new IllegalArgumentException("cannot purge " + state
            + " tasks; expected pending, scheduled, retry or dead");
      }
      ids.forEach(id -> {
        s.tasks.remove(id);
        s.crashes.remove(id);
      });
      return (long) ids.size();
    });
  }

  @Override
  public boolean replay(String queue, String id, String envelope) {
    return broker.locked(queue, s -> {
      if (!s.dead.remove(id)) {
        return false;
      }
      s.tasks.put(id, envelope);
      s.crashes.remove(id);
      s.pending.addLast(id);
      return true;
    });
  }

  @Override
  public long deleteDead(String queue, List<String> ids) {
    return broker.locked(queue, s -> {
      long n = 0;
      for (String id : ids) {
        if (s.dead.remove(id)) {
          s.tasks.remove(id);
          s.crashes.remove(id);
          n++;
        }
      }
      return n;
    });
  }

  @Override
  public Map<String, Long> counters(String queue) {
    return broker.locked(queue, s -> Map.copyOf(s.stats));
  }
}

package io.taskq.embedded;

import io.taskq.TaskState;
import io.taskq.spi.FsckProblem;
import io.taskq.spi.FsckScan;
import io.taskq.spi.PageRequest;
import io.taskq.spi.QueueAdmin;
import io.taskq.spi.TaskPage;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;

/** Operator actions on the embedded broker's queues, under the broker's lock. */
final class EmbeddedQueueAdmin implements QueueAdmin {
  private final EmbeddedQueues queues;

  EmbeddedQueueAdmin(EmbeddedQueues queues) {
    this.queues = queues;
  }

  @Override
  public List<String> ids(String queue, TaskState state, int limit) {
    return queues.locked(queue, s -> switch (state) {
      case PENDING -> s.pending.stream().limit(limit).toList();
      case ACTIVE -> s.active.upTo(Long.MAX_VALUE, limit);
      case SCHEDULED -> s.scheduled.upTo(Long.MAX_VALUE, limit);
      case RETRY -> s.retry.upTo(Long.MAX_VALUE, limit);
      case DEAD -> s.dead.upTo(Long.MAX_VALUE, limit);
      case SUCCEEDED, REVOKED, EXPIRED -> s.kept.ids(state, queues.nowMillis(), limit);
    });
  }

  @Override
  public TaskPage page(String queue, TaskState state, PageRequest request) {
    return queues.locked(queue, s -> TaskPages.page(s, queue, state, request,
        queues.nowMillis()));
  }

  @Override
  public List<String> pendingHeads(String queue) {
    return queues.locked(queue, s -> s.pending.heads());
  }

  @Override
  public long purge(String queue, TaskState state) {
    return queues.locked(queue, s -> {
      List<String> ids;
      switch (state) {
        case PENDING -> {
          ids = s.pending.stream().toList();
          s.pending.clear();
        }
        case SCHEDULED, RETRY, DEAD -> {
          ScoredSet set = state == TaskState.SCHEDULED ? s.scheduled
              : state == TaskState.RETRY ? s.retry : s.dead;
          ids = set.upTo(Long.MAX_VALUE, Integer.MAX_VALUE);
          ids.forEach(set::remove);
        }
        default -> throw new IllegalArgumentException("cannot purge " + state
            + " tasks; expected pending, scheduled, retry or dead");
      }
      ids.forEach(s::forget);
      return (long) ids.size();
    });
  }

  @Override
  public boolean replay(String queue, String id, String envelope) {
    return queues.locked(queue, s -> {
      if (!s.dead.remove(id)) {
        return false;
      }
      s.tasks.put(id, envelope);
      s.crashes.remove(id);
      s.pushLast(id);
      return true;
    });
  }

  @Override
  public long deleteDead(String queue, List<String> ids) {
    return queues.locked(queue, s -> {
      long n = 0;
      for (String id : ids) {
        if (s.dead.remove(id)) {
          s.forget(id);
          n++;
        }
      }
      return n;
    });
  }

  @Override
  public Map<String, Long> counters(String queue) {
    return queues.locked(queue, s -> Map.copyOf(s.stats));
  }

  @Override
  public FsckScan scan(String queue, Instant expiredBefore) {
    return queues.locked(queue, s -> {
      Set<String> indexed = new HashSet<>(s.pending.stream().toList());
      for (ScoredSet set : List.of(s.active, s.scheduled, s.retry, s.dead)) {
        indexed.addAll(set.upTo(Long.MAX_VALUE, Integer.MAX_VALUE));
      }
      List<String> dangling = indexed.stream().filter(id -> !s.tasks.containsKey(id)).sorted()
          .toList();
      List<String> orphans = s.tasks.keySet().stream().filter(id -> !indexed.contains(id))
          .sorted().toList();
      List<String> expired = s.active.upTo(expiredBefore.toEpochMilli() - 1, Integer.MAX_VALUE);
      Set<String> seen = new HashSet<>();
      Set<String> duplicates = new java.util.TreeSet<>();
      for (String id : s.pending) {
        if (!seen.add(id) || s.active.contains(id) || s.scheduled.contains(id)
            || s.retry.contains(id) || s.dead.contains(id)) {
          duplicates.add(id);
        }
      }
      // scores are longs here: never infinite
      return new FsckScan(dangling, orphans, expired, List.copyOf(duplicates), List.of());
    });
  }

  @Override
  public long repair(String queue, FsckProblem problem, List<String> ids, Instant expiredBefore) {
    return queues.locked(queue, s -> {
      long n = 0;
      for (String id : ids) {
        boolean indexed = s.pending.contains(id) || s.active.contains(id)
            || s.scheduled.contains(id) || s.retry.contains(id) || s.dead.contains(id);
        switch (problem) {
          case DANGLING_ID -> {
            if (indexed && !s.tasks.containsKey(id)) {
              s.pending.remove(id);
              List.of(s.active, s.scheduled, s.retry, s.dead).forEach(set -> set.remove(id));
              s.leases.remove(id);
              s.priorities.remove(id);
              n++;
            }
          }
          case ORPHAN_PAYLOAD -> {
            if (!indexed && s.tasks.containsKey(id)) {
              s.pushLast(id);
              n++;
            }
          }
          case EXPIRED_ACTIVE -> {
            Long deadline = s.active.score(id);
            if (deadline != null && deadline < expiredBefore.toEpochMilli()) {
              s.active.remove(id);
              s.leases.remove(id);
              s.pushFirst(id);
              n++;
            }
          }
          case DUPLICATE_ID -> {
            long count = s.pending.stream().filter(id::equals).count();
            int keep = s.active.contains(id) || s.scheduled.contains(id) || s.retry.contains(id)
                || s.dead.contains(id) ? 0 : 1;
            if (count > keep) {
              for (long i = count; i > keep; i--) {
                s.pending.removeLastOccurrence(id);
              }
              n++;
            }
          }
          case BAD_SCORE -> {
            // nothing to do: scores are longs here
          }
        }
      }
      return n;
    });
  }

  @Override
  public boolean forget(String queue) {
    return queues.forget(queue);
  }
}

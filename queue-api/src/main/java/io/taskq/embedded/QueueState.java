package io.taskq.embedded;

import io.taskq.spi.LeaseInfo;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/** The state of one queue in the embedded broker; guarded by the broker's lock. */
final class QueueState {
  final Map<String, String> tasks = new HashMap<>();
  final Deque<String> pending = new ArrayDeque<>();
  final ScoredSet active = new ScoredSet();
  final Map<String, Lease> leases = new HashMap<>();
  final ScoredSet scheduled = new ScoredSet();
  final ScoredSet retry = new ScoredSet();
  final ScoredSet dead = new ScoredSet();
  final Map<String, Integer> crashes = new HashMap<>();
  final Map<String, Long> stats = new HashMap<>();
  final Map<String, String> results = new HashMap<>();
  final ScoredSet resultExpiry = new ScoredSet();
  /** What is kept about a succeeded task next to its result; expires with it. */
  final Map<String, io.taskq.spi.TaskRecord> records = new HashMap<>();
  boolean paused;
  long reaperGuardUntil;

  void count(String stat, long n) {
    stats.merge(stat, n, Long::sum);
  }

  /** A claim: the fencing token and who holds it. */
  record Lease(String token, String workerId, long claimedAt, long startedAt) {
    Lease started(long at) {
      return new Lease(token, workerId, claimedAt, at);
    }

    LeaseInfo info(long deadline) {
      return new LeaseInfo(workerId, java.time.Instant.ofEpochMilli(claimedAt),
          startedAt == 0 ? null : java.time.Instant.ofEpochMilli(startedAt),
          java.time.Instant.ofEpochMilli(deadline));
    }
  }

  /** A sorted set of ids by score, like a Redis ZSET (ties ordered by id). */
  static final class ScoredSet {
    private final Map<String, Long> scores = new HashMap<>();
    private final TreeSet<String> order = new TreeSet<>(
        Comparator.<String>comparingLong(id -> scores.get(id)).thenComparing(id -> id));

    void add(String id, long score) {
      remove(id);
      scores.put(id, score);
      order.add(id);
    }

    boolean remove(String id) {
      if (!scores.containsKey(id)) {
        return false;
      }
      order.remove(id);
      scores.remove(id);
      return true;
    }

    @Nullable Long score(String id) {
      return scores.get(id);
    }

    boolean contains(String id) {
      return scores.containsKey(id);
    }

    int size() {
      return scores.size();
    }

    /** The lowest-scored id, or null when empty. */
    @Nullable String first() {
      return order.isEmpty() ? null : order.first();
    }

    /** Ids with score {@code <= max}, lowest first, at most {@code limit}. */
    java.util.List<String> upTo(long max, int limit) {
      java.util.List<String> out = new java.util.ArrayList<>();
      for (String id : order) {
        if (out.size() >= limit || scores.get(id) > max) {
          break;
        }
        out.add(id);
      }
      return out;
    }
  }
}

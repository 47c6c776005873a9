package io.taskq.embedded;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A sorted set of ids by score, like a Redis ZSET (ties ordered by id), for the embedded broker's
 * queues. Not thread-safe: guarded by the broker's lock.
 */
final class ScoredSet {
  private final Map<String, Long> scores = new HashMap<>();
  private final TreeSet<String> order = new TreeSet<>(
      Comparator.<String>comparingLong(this::scoreOf).thenComparing(id -> id));

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

  /** The score of an id of {@code order}: add and remove keep both collections in step. */
  private long scoreOf(String id) {
    return Objects.requireNonNull(scores.get(id), id);
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
  List<String> upTo(long max, int limit) {
    List<String> out = new ArrayList<>();
    for (String id : order) {
      if (out.size() >= limit || scoreOf(id) > max) {
        break;
      }
      out.add(id);
    }
    return out;
  }
}

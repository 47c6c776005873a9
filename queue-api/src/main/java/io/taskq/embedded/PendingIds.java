package io.taskq.embedded;

import io.taskq.TaskOptions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The pending ids of one queue in claim order: the highest priority first, FIFO within one
 * priority (the Redis broker's pending LIST or ZSET of priority bands, see
 * {@code lua/lib/pending.lua}). Not thread-safe: guarded by the broker's lock.
 */
final class PendingIds implements Iterable<String> {
  /** One FIFO per priority, index = priority. */
  private final List<ArrayDeque<String>> levels = new ArrayList<>();
  private int size;

  PendingIds() {
    for (int p = 0; p <= TaskOptions.MAX_PRIORITY; p++) {
      levels.add(new ArrayDeque<>());
    }
  }

  /** Adds {@code id} at the tail of its priority. */
  void addLast(String id, int priority) {
    levels.get(priority).addLast(id);
    size++;
  }

  /** Adds {@code id} at the head of its priority (requeue, crash recovery). */
  void addFirst(String id, int priority) {
    levels.get(priority).addFirst(id);
    size++;
  }

  /** Removes and returns the next id to claim, or null when none is pending. */
  @Nullable String pollFirst() {
    for (int p = levels.size() - 1; p >= 0; p--) {
      String id = levels.get(p).pollFirst();
      if (id != null) {
        size--;
        return id;
      }
    }
    return null;
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  boolean contains(String id) {
    return levels.stream().anyMatch(l -> l.contains(id));
  }

  /** Removes the first copy of {@code id} in claim order; false when it is not pending. */
  boolean remove(String id) {
    for (int p = levels.size() - 1; p >= 0; p--) {
      if (levels.get(p).remove(id)) {
        size--;
        return true;
      }
    }
    return false;
  }

  /** Removes the last copy of {@code id} in claim order; false when it is not pending. */
  boolean removeLastOccurrence(String id) {
    for (int p = 0; p < levels.size(); p++) {
      if (levels.get(p).removeLastOccurrence(id)) {
        size--;
        return true;
      }
    }
    return false;
  }

  /** The first id of each priority that has pending ids, highest first. */
  List<String> heads() {
    List<String> out = new ArrayList<>();
    for (int p = levels.size() - 1; p >= 0; p--) {
      String head = levels.get(p).peekFirst();
      if (head != null) {
        out.add(head);
      }
    }
    return out;
  }

  void clear() {
    levels.forEach(ArrayDeque::clear);
    size = 0;
  }

  /** The ids in claim order. */
  Stream<String> stream() {
    return levels.reversed().stream().flatMap(ArrayDeque::stream);
  }

  @Override
  public Iterator<String> iterator() {
    return stream().iterator();
  }
}

package io.taskq.embedded;

import io.taskq.spi.EventPage;
import io.taskq.spi.EventStream;
import io.taskq.spi.TaskEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The embedded broker's event stream: a capped list on the heap, trimmed exactly to
 * {@code maxLen}. Cursors are sequence numbers. Thread-safe (one lock, whose
 * monitor a waiting {@link #read} waits on).
 */
final class EmbeddedEventStream implements EventStream {
  private record Entry(long seq, TaskEvent event) {}

  private final Deque<Entry> entries = new ArrayDeque<>();
  private long seq;

  @Override
  public synchronized CompletionStage<Void> append(List<TaskEvent> events, long maxLen) {
    if (maxLen < 1) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException("maxLen must be >= 1, was " + maxLen));
    }
    for (TaskEvent event : events) {
      entries.addLast(new Entry(++seq, event));
    }
    while (entries.size() > maxLen) {
      entries.removeFirst();
    }
    notifyAll();
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public synchronized EventPage read(@Nullable String cursor, int limit, Duration wait) {
    EventStream.checkLimit(limit, 1);
    long after = cursor == null ? 0 : parse(cursor);
    long deadline = System.nanoTime() + wait.toNanos();
    try {
      for (long left = wait.toNanos(); seq <= after && left > 0;
          left = deadline - System.nanoTime()) {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<TaskEvent> out = new ArrayList<>();
    long last = after;
    for (Entry e : entries) {
      if (e.seq() > after && out.size() < limit) {
        out.add(e.event());
        last = e.seq();
      }
    }
    return new EventPage(out, cursor == null && out.isEmpty() ? null : Long.toString(last));
  }

  @Override
  public synchronized EventPage latest(int limit) {
    EventStream.checkLimit(limit, 0);
    List<Entry> all = new ArrayList<>(entries);
    List<TaskEvent> out = new ArrayList<>();
    for (Entry e : all.subList(Math.max(0, all.size() - limit), all.size())) {
      out.add(e.event());
    }
    return new EventPage(out, all.isEmpty() ? null : Long.toString(all.getLast().seq()));
  }

  private static long parse(String cursor) {
    try {
      return Long.parseLong(cursor);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not an event cursor of this broker: \"" + cursor
          + "\"");
    }
  }
}

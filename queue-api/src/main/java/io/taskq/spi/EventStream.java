package io.taskq.spi;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * A capped, append-only stream of {@link TaskEvent}s shared by every process of a deployment
 * (Redis: the stream {@code taskq:events}). Best-effort: an event may be dropped, and the oldest
 * events are trimmed once the stream holds about {@code maxLen}. Thread-safe.
 */
public interface EventStream {
  /** Most events one read returns. */
  int MAX_READ = 1000;

  /**
   * Appends events, in order, without waiting for the store: the returned stage completes when
   * the store took them all, or exceptionally when it refused one or could not be reached (some
   * may be stored then). Trims the stream to about {@code maxLen} events (the Redis broker trims
   * approximately, by whole internal nodes, so it may hold somewhat more). May block while it
   * connects (the Redis broker sends events on a connection of their own, opened on first use),
   * never for the store's answer; called from one thread at a time.
   *
   * @param maxLen the cap, at least 1
   */
  CompletionStage<Void> append(List<TaskEvent> events, long maxLen);

  /**
   * Up to {@code limit} events appended after {@code cursor}, oldest first. Blocks for one
   * round trip at most.
   *
   * @param cursor an {@link EventPage#cursor()}, or {@code null} to read from the oldest event
   * @param limit 1 to {@link #MAX_READ}
   * @throws io.taskq.BrokerUnavailableException when the store cannot be reached
   */
  default EventPage read(@Nullable String cursor, int limit) {
    return read(cursor, limit, Duration.ZERO);
  }

  /**
   * Up to {@code limit} events appended after {@code cursor}, oldest first; when there is none
   * yet, waits up to {@code wait} for the first to be appended (Redis: {@code XREAD BLOCK} on a
   * connection of its own), so a follower needs no polling loop.
   *
   * @param cursor an {@link EventPage#cursor()}, or {@code null} to read from the oldest event
   * @param limit 1 to {@link #MAX_READ}
   * @param wait how long to wait for a first event; {@link Duration#ZERO} reads without waiting
   * @throws io.taskq.BrokerUnavailableException when the store cannot be reached
   */
  EventPage read(@Nullable String cursor, int limit, Duration wait);

  /**
   * The newest {@code limit} events, oldest first, with the cursor to {@link #read} the events
   * appended after them. Blocks for one round trip at most.
   *
   * @param limit 0 to {@link #MAX_READ} (0 reads only the cursor of the newest event)
   * @throws io.taskq.BrokerUnavailableException when the store cannot be reached
   */
  EventPage latest(int limit);

  /** Checks a read limit. */
  static int checkLimit(int limit, int min) {
    if (limit < min || limit > MAX_READ) {
      throw new IllegalArgumentException("limit must be between " + min + " and " + MAX_READ
          + ", was " + limit);
    }
    return limit;
  }
}

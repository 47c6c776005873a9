package io.taskq.spi;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Which page of a state {@link QueueAdmin#page} reads.
 *
 * @param after the cursor of the previous page ({@link TaskPage#next()}), or {@code null} for the
 *     first page
 * @param limit entries of the state read in this call, 1 to {@link Broker#MAX_BATCH}; the page
 *     holds at most this many tasks (fewer when the filters leave some out)
 * @param taskName only tasks of this name ({@code null}: any); a broker may leave out only the
 *     tasks whose stored name it can read and that differ, so callers check the name again
 * @param since only tasks whose score (due time, lease deadline, death time) is at or after this
 *     ({@code null}: any); ignored for PENDING and the final states known by their record
 */
public record PageRequest(@Nullable String after, int limit, @Nullable String taskName,
    @Nullable Instant since) {
  public PageRequest {
    if (limit < 1 || limit > Broker.MAX_BATCH) {
      throw new IllegalArgumentException("limit must be 1 to " + Broker.MAX_BATCH + ", was "
          + limit);
    }
  }

  /** The first page of up to {@code limit} entries, without filters. */
  public static PageRequest first(int limit) {
    return new PageRequest(null, limit, null, null);
  }

  /** The page after {@code cursor}, with the same size and filters. */
  public PageRequest after(String cursor) {
    return new PageRequest(cursor, limit, taskName, since);
  }
}

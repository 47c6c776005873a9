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
 * @param skip entries passed over before reading (after the cursor and the least score), without
 *     reading them: an offset into the state
 * @param taskName only tasks of this name ({@code null}: any)
 * @param errorClass only tasks whose stored envelope or record mentions this error class (simple
 *     or full name), or that crashed ({@code null}: any)
 * @param since only tasks whose score (due time, lease deadline, death time) is at or after this
 *     ({@code null}: any); ignored for PENDING and the final states known by their record
 *     <p>The name and error-class filters leave out only what certainly does not match (a broker
 *     reads them without decoding JSON), so callers check the tasks of a page again.
 */
public record PageRequest(@Nullable String after, int limit, long skip, @Nullable String taskName,
    @Nullable String errorClass, @Nullable Instant since) {
  public PageRequest {
    if (limit < 1 || limit > Broker.MAX_BATCH) {
      throw new IllegalArgumentException("limit must be 1 to " + Broker.MAX_BATCH + ", was "
          + limit);
    }
    if (skip < 0) {
      throw new IllegalArgumentException("skip must be >= 0, was " + skip);
    }
  }

  /** A page without skip or error-class filter. */
  public PageRequest(@Nullable String after, int limit, @Nullable String taskName,
      @Nullable Instant since) {
    this(after, limit, 0, taskName, null, since);
  }

  /** The first page of up to {@code limit} entries, without filters. */
  public static PageRequest first(int limit) {
    return new PageRequest(null, limit, null, null);
  }

  /** The page after {@code cursor}, with the same size and filters and no skip. */
  public PageRequest after(String cursor) {
    return new PageRequest(cursor, limit, 0, taskName, errorClass, since);
  }

  /** This request reading {@code n} entries instead. */
  public PageRequest withLimit(int n) {
    return new PageRequest(after, n, skip, taskName, errorClass, since);
  }
}

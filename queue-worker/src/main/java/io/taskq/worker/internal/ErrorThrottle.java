package io.taskq.worker.internal;

import io.taskq.worker.TimeSource;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets one log line through per distinct error per minute: a failure that repeats on every pass
 * of a loop (a key of the wrong type, Redis out of memory) gives one line a minute, with the count
 * of its repeats, not 25 a second. Errors are told apart by class and first message line.
 * Thread-safe.
 */
final class ErrorThrottle {
  static final Duration PERIOD = Duration.ofMinutes(1);

  private record Seen(long loggedAt, int repeats) {}

  private final Map<String, Seen> seen = new ConcurrentHashMap<>();
  private final TimeSource time;

  /** @param time the source of the period */
  ErrorThrottle(TimeSource time) {
    this.time = time;
  }

  /**
   * Records an occurrence of {@code e}.
   *
   * @return -1 when it is not to be logged now, else how many repeats were not logged since its
   *     last line (0 the first time)
   */
  int occurred(Throwable e) {
    long now = time.nanoTime();
    int[] out = {-1};
    seen.compute(key(e), (k, s) -> {
      if (s == null || now - s.loggedAt() >= PERIOD.toNanos()) {
        out[0] = s == null ? 0 : s.repeats();
        return new Seen(now, 0);
      }
      return new Seen(s.loggedAt(), s.repeats() + 1);
    });
    return out[0];
  }

  private static String key(Throwable e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return e.getClass().getName() + ':' + (nl < 0 ? m : m.substring(0, nl));
  }
}

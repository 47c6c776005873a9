package io.taskq.beat.internal;

import io.taskq.beat.ScheduleEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Which due occurrences of an entry fire, after its misfire policy. */
public final class Firing {
  /**
   * An occurrence at most this late is on time and fires; an older one was missed (no leader was
   * alive, or this one was paused) and its entry's misfire policy decides.
   */
  public static final Duration MISFIRE_THRESHOLD = Duration.ofSeconds(2);

  private Firing() {}

  /** The occurrences to fire, oldest first, of those due in {@code (last, now]}. */
  public static List<Instant> select(ScheduleEntry entry, List<Instant> due, Instant now) {
    List<Instant> missed = new ArrayList<>();
    List<Instant> onTime = new ArrayList<>();
    Instant cutoff = now.minus(MISFIRE_THRESHOLD);
    for (Instant o : due) {
      (o.isBefore(cutoff) ? missed : onTime).add(o);
    }
    if (missed.isEmpty()) {
      return onTime;
    }
    List<Instant> out = new ArrayList<>();
    switch (entry.misfire()) {
      case FIRE_ONCE -> {
        if (onTime.isEmpty()) {
          out.add(missed.get(missed.size() - 1));
        }
      }
      case CATCH_UP -> out.addAll(
          missed.subList(Math.max(0, missed.size() - entry.catchUpLimit()), missed.size()));
      case SKIP -> { }
      default -> throw new IllegalStateException("unknown misfire policy " + entry.misfire());
    }
    out.addAll(onTime);
    return out;
  }
}

package io.taskq.beat.internal;

import io.taskq.beat.ScheduleEntry;
import io.taskq.beat.Timing;
import java.text.ParseException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.TimeZone;
import org.jspecify.annotations.Nullable;
import org.quartz.CronExpression;

/**
 * The occurrences of one entry, computed the same way on every replica.
 *
 * <p>{@code every} entries fall on whole multiples of the period since the epoch. Cron entries
 * are matched by Quartz against the wall clock of the entry's timezone, then placed on the
 * timeline: a wall time that does not exist (the spring-forward gap) fires at the first valid
 * instant after it, shifted by the gap's length; a wall time that happens twice (the fall-back
 * overlap) fires once, at its first instant. Quartz's own {@code CronTrigger} would skip the gap
 * occurrence entirely, so taskq does not use it for placing occurrences.
 */
public final class Occurrences {
  /** Most occurrences enumerated in one call; older ones are not looked at. */
  static final int MAX_ENUMERATED = 100_000;

  private final ScheduleEntry entry;
  private final @Nullable CronExpression cron;

  public Occurrences(ScheduleEntry entry) {
    this.entry = entry;
    this.cron = entry.timing() instanceof Timing.Cron c ? parse(c.expression()) : null;
  }

  /**
   * Parses a Quartz cron expression evaluated on a zone-less wall clock.
   *
   * @throws IllegalArgumentException with Quartz's reason
   */
  public static CronExpression parse(String expression) {
    try {
      CronExpression e = new CronExpression(expression);
      e.setTimeZone(TimeZone.getTimeZone(ZoneOffset.UTC));
      return e;
    } catch (ParseException e) {
      throw new IllegalArgumentException("not a Quartz cron expression (" + e.getMessage()
          + "); expected six or seven fields, seconds first, e.g. \"0 0 2 * * ?\"");
    }
  }

  /** The first occurrence strictly after {@code after}; null when the schedule has no more. */
  public @Nullable Instant nextAfter(Instant after) {
    if (entry.timing() instanceof Timing.Every every) {
      long p = every.period().toMillis();
      long t = after.toEpochMilli();
      return Instant.ofEpochMilli(Math.floorDiv(t, p) * p + p);
    }
    CronExpression cron = Objects.requireNonNull(this.cron, "set for every cron entry");
    LocalDateTime wall = LocalDateTime.ofInstant(after, entry.zone());
    for (int i = 0; i < 10; i++) {
      Date next = cron.getNextValidTimeAfter(Date.from(wall.toInstant(ZoneOffset.UTC)));
      if (next == null) {
        return null;
      }
      wall = LocalDateTime.ofInstant(next.toInstant(), ZoneOffset.UTC);
      Instant at = ZonedDateTime.ofLocal(wall, entry.zone(), null).toInstant();
      if (at.isAfter(after)) {
        return at;
      }
      // a wall time of the repeated hour, already fired at its first instant; or a gap time
      // shifted onto an occurrence that fired: look further
    }
    return null;
  }

  /** Occurrences in {@code (after, upTo]}, oldest first, at most the newest {@link #MAX_ENUMERATED}. */
  public List<Instant> between(Instant after, Instant upTo) {
    List<Instant> out = new ArrayList<>();
    Instant from = after;
    if (entry.timing() instanceof Timing.Every every) {
      long span = every.period().toMillis() * MAX_ENUMERATED;
      if (upTo.toEpochMilli() - after.toEpochMilli() > span) {
        from = upTo.minusMillis(span);
      }
    }
    Instant next = nextAfter(from);
    while (next != null && !next.isAfter(upTo) && out.size() < MAX_ENUMERATED) {
      out.add(next);
      next = nextAfter(next);
    }
    return out;
  }
}

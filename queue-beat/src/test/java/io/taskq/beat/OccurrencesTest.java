package io.taskq.beat;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskq.beat.internal.Occurrences;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class OccurrencesTest {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  private static Occurrences cron(String expression, ZoneId zone) {
    return new Occurrences(new ScheduleEntry("e", "t", "default", "{}",
        new Timing.Cron(expression), zone, MisfirePolicy.FIRE_ONCE, 10, OverlapPolicy.SKIP));
  }

  private static List<Instant> between(Occurrences o, String from, String to) {
    return o.between(Instant.parse(from), Instant.parse(to));
  }

  @Test
  void everyIsAlignedToMultiplesOfThePeriodSinceTheEpoch() {
    Occurrences every5m = new Occurrences(ScheduleEntry.of("e", "t", "default",
        new Timing.Every(Duration.ofMinutes(5))));

    assertThat(every5m.nextAfter(Instant.parse("2026-11-23T10:03:17.250Z")))
        .isEqualTo(Instant.parse("2026-11-23T10:05:00Z"));
    assertThat(every5m.nextAfter(Instant.parse("2026-11-23T10:05:00Z")))
        .isEqualTo(Instant.parse("2026-11-23T10:10:00Z"));
  }

  @Test
  void nightlyCronFiresOnceEveryDayAroundSpringForwardIncludingTheGapDay() {
    // 2027-03-14: 02:00 does not exist in New York; the occurrence fires at 03:00 EDT
    assertThat(between(cron("0 0 2 * * ?", NEW_YORK), "2027-03-12T00:00:00Z",
        "2027-03-17T00:00:00Z")).containsExactly(
            Instant.parse("2027-03-12T07:00:00Z"),
            Instant.parse("2027-03-13T07:00:00Z"),
            Instant.parse("2027-03-14T07:00:00Z"),
            Instant.parse("2027-03-15T06:00:00Z"),
            Instant.parse("2027-03-16T06:00:00Z"));
  }

  @Test
  void nightlyCronFiresOnceEveryDayAroundFallBackIncludingTheOverlapDay() {
    // 2027-11-07: 01:00-02:00 happens twice in New York; 01:30 fires once, at its first instant
    assertThat(between(cron("0 30 1 * * ?", NEW_YORK), "2027-11-05T12:00:00Z",
        "2027-11-09T12:00:00Z")).containsExactly(
            Instant.parse("2027-11-06T05:30:00Z"),
            Instant.parse("2027-11-07T05:30:00Z"),
            Instant.parse("2027-11-08T06:30:00Z"),
            Instant.parse("2027-11-09T06:30:00Z"));
    assertThat(between(cron("0 0 2 * * ?", NEW_YORK), "2027-11-06T12:00:00Z",
        "2027-11-08T12:00:00Z")).containsExactly(
            Instant.parse("2027-11-07T07:00:00Z"),
            Instant.parse("2027-11-08T07:00:00Z"));
  }

  @Test
  void hourlyCronOnTheGapDayFiresTheShiftedHourOnce() {
    assertThat(between(cron("0 0 * * * ?", NEW_YORK), "2027-03-14T05:30:00Z",
        "2027-03-14T08:30:00Z")).containsExactly(
            Instant.parse("2027-03-14T06:00:00Z"),  // 01:00 EST
            Instant.parse("2027-03-14T07:00:00Z"),  // 02:00 (gap) and 03:00 EDT: one firing
            Instant.parse("2027-03-14T08:00:00Z")); // 04:00 EDT
  }

  @Test
  void cronInUtcIsPlainCalendarTime() {
    assertThat(between(cron("0 */15 * * * ?", ZoneId.of("UTC")), "2026-11-23T10:00:00Z",
        "2026-11-23T10:45:00Z")).containsExactly(
            Instant.parse("2026-11-23T10:15:00Z"),
            Instant.parse("2026-11-23T10:30:00Z"),
            Instant.parse("2026-11-23T10:45:00Z"));
  }
}

package io.taskq.beat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskq.ConfigException;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ScheduleLoaderTest {
  static final String SAMPLE = """
      schedules:
        sla-check:
          task: analytics.check_sla_breaches
          queue: analytics
          every: 5m
        nightly-backup:
          task: backup.database
          queue: backup
          cron: "0 0 2 * * ?"
          timezone: UTC
        invariants:
          task: default.run_invariants
          cron: "0 0 2 * * ?"
          timezone: America/New_York
          args: { env: prod }
          misfire: fire_once
          overlap: skip
      """;

  @Test
  void readsEveryKindOfEntry() {
    Schedule s = ScheduleLoader.parse("beat.yaml", SAMPLE);

    assertThat(s.entries()).extracting(ScheduleEntry::name)
        .containsExactly("sla-check", "nightly-backup", "invariants");
    ScheduleEntry sla = s.entries().get(0);
    assertThat(sla.timing()).isEqualTo(new Timing.Every(Duration.ofMinutes(5)));
    assertThat(sla.queue()).isEqualTo("analytics");
    assertThat(sla.overlap()).isEqualTo(OverlapPolicy.ALLOW);
    assertThat(s.entries().get(2).overlap()).isEqualTo(OverlapPolicy.SKIP);
    ScheduleEntry inv = s.entries().get(2);
    assertThat(inv.queue()).isEqualTo("default");
    assertThat(inv.zone()).isEqualTo(ZoneId.of("America/New_York"));
    assertThat(inv.args()).isEqualTo("{\"env\":\"prod\"}");
    assertThat(inv.misfire()).isEqualTo(MisfirePolicy.FIRE_ONCE);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      { task: t, cron: "0 0 25 * * ?" }          | schedules.e.cron: not a Quartz cron expression
      { task: t, every: 5m, timezone: Mars/Base } | schedules.e.timezone: expected a timezone such as UTC or America/New_York, got "Mars/Base"
      { task: t, every: soon }                   | schedules.e.every: expected a duration such as 1s, 5m or 1h, got "soon"
      { task: t, every: 5 }                      | schedules.e.every: expected a duration such as 1s, 5m or 1h, got "5"
      { task: t, every: 5m, cron: "0 * * * * ?" } | schedules.e: expected exactly one of every or cron
      { task: t }                                | schedules.e: expected exactly one of every or cron
      { every: 5m }                              | schedules.e.task: missing
      { task: t, every: 5m, colour: red }        | schedules.e.colour: unknown key
      { task: t, every: 5m, misfire: later }     | schedules.e.misfire: expected fire_once or skip or catch_up, got "later"
      { task: t, every: 5m, overlap: queue }     | schedules.e.overlap: expected allow or skip, got "queue"
      { task: t, every: 5m, queue: 'a b' }       | schedules.e.queue: expected a queue name
      { task: t, every: 5m, catchUpLimit: 0 }    | schedules.e.catchUpLimit: expected an integer >= 1, got "0"
      """)
  void badEntryFailsWithOneLineNamingTheEntryAndKey(String entry, String expected) {
    assertThatThrownBy(() -> ScheduleLoader.parse("beat.yaml", "schedules:\n  e: " + entry + "\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("beat.yaml: " + expected)
        .hasMessageNotContaining("\n");
  }
}

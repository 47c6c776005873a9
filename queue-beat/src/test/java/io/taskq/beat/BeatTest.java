package io.taskq.beat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskq.ConfigException;
import io.taskq.embedded.EmbeddedBroker;
import io.taskq.spi.Ack;
import io.taskq.spi.Broker;
import io.taskq.spi.ClaimedTask;
import io.taskq.embedded.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Beat driven pass by pass with a settable clock on the embedded broker. */
class BeatTest {
  private static final Instant START = Instant.parse("2026-11-23T10:00:00.400Z");

  private final ManualClock clock = new ManualClock(START);
  private final Broker broker = new EmbeddedBroker(clock);
  private final List<Beat> beats = new ArrayList<>();

  @AfterEach
  void tearDown() {
    beats.forEach(Beat::close);
    broker.close();
  }

  private Beat beat(String holder, ScheduleEntry... entries) {
    Beat b = Beat.builder().broker(broker).schedule(new Schedule(List.of(entries)))
        .holder(holder).build();
    beats.add(b);
    return b;
  }

  private static ScheduleEntry every(String name, Duration period, MisfirePolicy misfire,
      OverlapPolicy overlap) {
    return new ScheduleEntry(name, "probe.noop", "default", "{}", new Timing.Every(period),
        ZoneId.of("UTC"), misfire, 3, overlap);
  }

  /** Ids of the pending tasks, claimed and acked so the queue is empty again. */
  private List<String> drainIds() {
    List<String> ids = new ArrayList<>();
    List<ClaimedTask> claimed;
    while (!(claimed = broker.claim("default", 100, Duration.ofSeconds(30), "w")).isEmpty()) {
      claimed.forEach(c -> ids.add(c.id()));
      broker.ack("default", claimed.stream().map(c -> Ack.of(c.ref())).toList());
    }
    return ids;
  }

  @Test
  void onAShardedQueueEveryOccurrenceOfAnEntryGoesToTheShardOfItsName() {
    io.taskq.config.TaskqConfig config = io.taskq.config.TaskqConfig.DEFAULT.withQueue(
        io.taskq.QueueConfig.builder("default").shards(4).build());
    List<ScheduleEntry> entries = new ArrayList<>();
    for (String name : List.of("a", "order-7", "customer-42")) {
      entries.add(every(name, Duration.ofSeconds(5), MisfirePolicy.FIRE_ONCE,
          OverlapPolicy.ALLOW));
    }
    Beat b = Beat.builder().broker(broker).config(config).schedule(new Schedule(entries))
        .holder("a").build();
    beats.add(b);
    b.runOnce();
    for (String at : List.of("2026-11-23T10:00:05Z", "2026-11-23T10:00:10Z")) {
      clock.set(Instant.parse(at).plusMillis(20));
      b.runOnce();
    }

    // the shard of each entry's name: CRC-32 mod 4 (see QueueShardsTest)
    java.util.Map<String, String> shardOf = java.util.Map.of("a", "default#3", "order-7",
        "default#2", "customer-42", "default#1");
    assertThat(broker.counts("default").pending()).isZero();
    shardOf.forEach((entry, shard) -> {
      assertThat(broker.find(shard, id(entry, "2026-11-23T10:00:05Z"))).as(entry).isPresent();
      assertThat(broker.find(shard, id(entry, "2026-11-23T10:00:10Z"))).as(entry).isPresent();
    });
  }

  private static String id(String entry, String at) {
    return "beat:" + entry + ":" + Instant.parse(at).toEpochMilli();
  }

  @Test
  void firesEachOccurrenceOnTheCalendarNotFromTheStart() {
    Beat b = beat("a", every("e", Duration.ofSeconds(5), MisfirePolicy.FIRE_ONCE,
        OverlapPolicy.ALLOW));
    b.runOnce();
    assertThat(b.isLeader()).isTrue();
    assertThat(drainIds()).isEmpty();

    clock.set(Instant.parse("2026-11-23T10:00:05Z"));
    b.runOnce();
    clock.set(Instant.parse("2026-11-23T10:00:09.999Z"));
    b.runOnce();
    clock.set(Instant.parse("2026-11-23T10:00:10.020Z"));
    b.runOnce();

    assertThat(drainIds()).containsExactly(id("e", "2026-11-23T10:00:05Z"),
        id("e", "2026-11-23T10:00:10Z"));
    assertThat(broker.beat().states().get("e").nextOccurrence())
        .isEqualTo(Instant.parse("2026-11-23T10:00:15Z"));
  }

  @Test
  void onlyTheLeaderFiresAndNoOccurrenceFiresTwice() {
    ScheduleEntry e = every("e", Duration.ofSeconds(1), MisfirePolicy.FIRE_ONCE,
        OverlapPolicy.ALLOW);
    Beat a = beat("a", e);
    Beat b = beat("b", e);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      a.runOnce();
      b.runOnce();
      clock.advance(Duration.ofSeconds(1));
    }
    ids.addAll(drainIds());

    assertThat(a.isLeader()).isTrue();
    assertThat(b.isLeader()).isFalse();
    assertThat(ids).hasSize(9).doesNotHaveDuplicates();
  }

  @Test
  void aPausedOldLeaderThatWakesUpDoesNotFireTwice() {
    ScheduleEntry e = every("e", Duration.ofSeconds(1), MisfirePolicy.CATCH_UP,
        OverlapPolicy.ALLOW);
    Beat old = beat("old", e);
    Beat next = beat("next", e);
    old.runOnce();
    clock.advance(Duration.ofSeconds(1));
    old.runOnce(); // fires 10:00:01
    clock.advance(Duration.ofSeconds(15)); // old is paused; its lease expires
    next.runOnce(); // takes over, catches up the last 3 missed, fires 10:00:16

    old.runOnce(); // wakes up still believing it leads, before its next renewal
    List<String> ids = drainIds();

    assertThat(ids).doesNotHaveDuplicates()
        .contains(id("e", "2026-11-23T10:00:01Z"), id("e", "2026-11-23T10:00:16Z"));
  }

  @Test
  void misfirePoliciesDecideWhatAGapWithoutLeaderFires() {
    Beat a = beat("a",
        every("once", Duration.ofSeconds(10), MisfirePolicy.FIRE_ONCE, OverlapPolicy.ALLOW),
        every("skip", Duration.ofSeconds(10), MisfirePolicy.SKIP, OverlapPolicy.ALLOW),
        every("catch", Duration.ofSeconds(10), MisfirePolicy.CATCH_UP, OverlapPolicy.ALLOW));
    a.runOnce();
    clock.set(Instant.parse("2026-11-23T10:01:03Z")); // 10:00:10 ... 10:01:00 missed
    a.runOnce();

    List<String> ids = drainIds();
    assertThat(ids).filteredOn(i -> i.startsWith("beat:once:"))
        .containsExactly(id("once", "2026-11-23T10:01:00Z"));
    assertThat(ids).filteredOn(i -> i.startsWith("beat:skip:")).isEmpty();
    assertThat(ids).filteredOn(i -> i.startsWith("beat:catch:")).containsExactly(
        id("catch", "2026-11-23T10:00:40Z"), id("catch", "2026-11-23T10:00:50Z"),
        id("catch", "2026-11-23T10:01:00Z"));
  }

  @Test
  void overlapSkipDoesNotStackTasksBehindASlowOne() {
    Beat a = beat("a", every("e", Duration.ofSeconds(1), MisfirePolicy.FIRE_ONCE,
        OverlapPolicy.SKIP));
    for (int i = 0; i < 5; i++) {
      a.runOnce();
      clock.advance(Duration.ofSeconds(1));
    }

    assertThat(broker.counts("default").pending()).isEqualTo(1);
  }

  @Test
  void nightlyCronInNewYorkFiresOnceADayAcrossSpringForward() {
    clock.set(Instant.parse("2027-03-12T12:00:00Z"));
    Beat a = beat("a", new ScheduleEntry("nightly", "backup.database", "default", "{}",
        new Timing.Cron("0 0 2 * * ?"), ZoneId.of("America/New_York"), MisfirePolicy.FIRE_ONCE,
        3, OverlapPolicy.ALLOW));
    List<String> ids = new ArrayList<>();
    while (clock.instant().isBefore(Instant.parse("2027-03-17T00:00:00Z"))) {
      a.runOnce();
      ids.addAll(drainIds());
      clock.advance(Duration.ofMinutes(1));
    }

    assertThat(ids).containsExactly(id("nightly", "2027-03-13T07:00:00Z"),
        id("nightly", "2027-03-14T07:00:00Z"), id("nightly", "2027-03-15T06:00:00Z"),
        id("nightly", "2027-03-16T06:00:00Z"));
  }

  @Test
  void anEntryNamingAnUnknownTaskIsRefusedWhenTheTasksAreKnown() {
    Schedule s = new Schedule(List.of(ScheduleEntry.of("e", "no.such.task", "default",
        new Timing.Every(Duration.ofSeconds(1)))));

    assertThatThrownBy(() -> Beat.builder().broker(broker).schedule(s)
        .knownTasks(Set.of("probe.noop")).build())
        .isInstanceOf(ConfigException.class)
        .hasMessage("schedule entry e: task 'no.such.task' is not registered by any task module"
            + " on the class path");
  }
}

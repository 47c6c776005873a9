package io.taskq.samples;

import static io.taskq.samples.Launcher.cmd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskq.redis.RedisKeys;
import io.taskq.redis.testing.RedisServerExtension;
import io.taskq.samples.Launcher.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Two {@code taskq beat} processes on one schedule, the way operators run replicas. */
class BeatLauncherIT {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();
  private static final long LEASE_MS = 3000;

  @TempDir Path dir;
  private Launcher taskq;
  private final List<Run> started = new ArrayList<>();

  @BeforeEach
  void setUp() {
    REDIS.server().cli("FLUSHALL");
    taskq = new Launcher(dir);
  }

  @AfterEach
  void tearDown() {
    started.forEach(r -> r.process().destroyForcibly());
  }

  private Run beat(Path schedule) {
    Run r = taskq.start("beat", "--schedule", schedule.toString(), "--leader-lease",
        LEASE_MS + "ms", "--redis", REDIS.url());
    started.add(r);
    return r;
  }

  /** Occurrence millis of the fired {@code tick} tasks, in firing order. */
  private static List<Long> fired() {
    String out = REDIS.server().cli("LRANGE", RedisKeys.of("default").pending(), "0", "-1");
    return Arrays.stream(out.split("\\s+")).filter(s -> s.startsWith("beat:tick:"))
        .map(s -> Long.parseLong(s.substring("beat:tick:".length()))).toList();
  }

  @Test
  void twoReplicasFireOncePerSecondAndKillingTheLeaderLeavesABoundedGap() throws IOException {
    Path schedule = Files.writeString(dir.resolve("beat.yaml"),
        "schedules:\n  tick: { task: probe.record, every: 1s }\n");
    Run a = beat(schedule);
    Run b = beat(schedule);
    // 5 gaps of exactly 1 s while both replicas contend for the lease
    await().atMost(Duration.ofSeconds(40)).until(() -> fired().size() >= 6);

    String leader = REDIS.server().cli("GET", RedisKeys.BEAT_LEADER).strip();
    long pid = Long.parseLong(leader.split(":")[1]);
    Run leaderRun = a.process().pid() == pid ? a : b;
    Run follower = leaderRun == a ? b : a;
    leaderRun.process().destroyForcibly(); // kill -9 the leader
    int before = fired().size();
    // the takeover's gap, then the new leader's 1 s rhythm
    await().atMost(Duration.ofSeconds(30)).until(() -> fired().size() >= before + 3);

    List<Long> ms = fired();
    assertThat(ms).doesNotHaveDuplicates().allMatch(m -> m % 1000 == 0);
    long worstGap = 0;
    for (int i = 1; i < ms.size(); i++) {
      worstGap = Math.max(worstGap, ms.get(i) - ms.get(i - 1));
      if (i < before) {
        assertThat(ms.get(i) - ms.get(i - 1)).as("gap before the kill").isEqualTo(1000);
      }
    }
    System.out.printf("beat takeover after kill -9: longest gap %d ms (lease %d ms)%n",
        worstGap, LEASE_MS);
    assertThat(worstGap).isLessThanOrEqualTo(LEASE_MS + 2000);
    assertThat(REDIS.server().cli("GET", RedisKeys.BEAT_LEADER)).contains(
        ":" + follower.process().pid() + ":");

    // both read-only: side by side (Launcher.runAll)
    List<Run> read = taskq.runAll(List.of("--redis", REDIS.url()),
        cmd("inspect", "schedules", "--json"), cmd("monitor", "beat", "--max-age", "5s"));
    Run schedules = read.get(0);
    assertThat(schedules.stdout()).contains("\"entry\":\"tick\"")
        .contains("\"schedule\":\"every PT1S UTC\"")
        .contains("\"leaderId\":\"" + REDIS.server().cli("GET", RedisKeys.BEAT_LEADER).strip());
    Run fresh = read.get(1);
    assertThat(fresh.exitCode(Duration.ZERO)).as(fresh.stdout()).isZero();

    follower.process().destroy(); // SIGTERM: exit 0 and the lease released
    assertThat(follower.exitCode(Duration.ofSeconds(10))).as(follower.stderr()).isZero();
    assertThat(REDIS.server().cli("GET", RedisKeys.BEAT_LEADER).strip()).isEmpty();
    Run noLeader = taskq.run("monitor", "beat", "--max-age", "5s", "--redis", REDIS.url());
    assertThat(noLeader.exitCode(Duration.ZERO)).isEqualTo(1);
    assertThat(noLeader.stdout()).startsWith("STALE beat: leader none");
  }

  @Test
  void aPausedLeaderThatResumesDoesNotFireTwice() throws Exception {
    Path schedule = Files.writeString(dir.resolve("beat.yaml"),
        "schedules:\n  tick: { task: probe.record, every: 1s, misfire: catch_up }\n");
    Run a = beat(schedule);
    Run b = beat(schedule);
    await().atMost(Duration.ofSeconds(40)).until(() -> fired().size() >= 3);
    String leader = REDIS.server().cli("GET", RedisKeys.BEAT_LEADER).strip();
    long pid = Long.parseLong(leader.split(":")[1]);
    Run paused = a.process().pid() == pid ? a : b;

    signal("STOP", pid); // frozen mid-lease, as in a long GC pause or a suspended VM
    await().atMost(Duration.ofSeconds(20)).until(() ->
        !REDIS.server().cli("GET", RedisKeys.BEAT_LEADER).contains(":" + pid + ":"));
    int before = fired().size();
    await().atMost(Duration.ofSeconds(20)).until(() -> fired().size() >= before + 2);
    signal("CONT", pid); // wakes up believing it still leads, with occurrences "due"
    int atResume = fired().size();
    await().atMost(Duration.ofSeconds(20)).until(() -> fired().size() >= atResume + 3);

    assertThat(fired()).doesNotHaveDuplicates();
    assertThat(paused.process().isAlive()).isTrue();
  }

  private static void signal(String name, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start();
    assertThat(kill.waitFor()).isZero();
  }

  @Test
  void aScheduleWithAnErrorExitsOneNamingTheEntry() throws IOException {
    Path schedule = Files.writeString(dir.resolve("beat.yaml"),
        "schedules:\n  nightly: { task: backup.database, cron: \"0 0 26 * * ?\" }\n");

    Run r = taskq.run("beat", "--schedule", schedule.toString(), "--redis", REDIS.url());

    assertThat(r.exitCode(Duration.ZERO)).isEqualTo(1);
    assertThat(r.stderr().lines()).hasSize(1).first().asString()
        .startsWith("taskq: " + schedule + ": schedules.nightly.cron: ");
  }

  @Test
  void anEntryWithAnUnknownTaskExitsOne() throws IOException {
    Path schedule = Files.writeString(dir.resolve("beat.yaml"),
        "schedules:\n  typo: { task: backup.databse, every: 1h }\n");

    Run r = taskq.run("beat", "--schedule", schedule.toString(), "--redis", REDIS.url());

    assertThat(r.exitCode(Duration.ZERO)).isEqualTo(1);
    assertThat(r.stderr().strip()).isEqualTo("taskq: schedule entry typo: task 'backup.databse'"
        + " is not registered by any task module on the class path");
  }

  @Test
  void theSampleScheduleLoads() {
    Run r = taskq.start("beat", "--schedule", Launcher.ROOT.resolve("samples/beat.yaml")
        .toString(), "--redis", REDIS.url());
    started.add(r);
    await().atMost(Duration.ofSeconds(20)).until(() ->
        !REDIS.server().cli("GET", RedisKeys.BEAT_LEADER).isBlank());
    r.process().destroy();
    assertThat(r.exitCode(Duration.ofSeconds(10))).as(r.stderr()).isZero();
  }
}

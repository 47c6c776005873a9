package io.taskq.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskq.BrokerUnavailableException;
import io.taskq.Inspector;
import io.taskq.TaskClient;
import io.taskq.TaskInfo;
import io.taskq.TaskOptions;
import io.taskq.TaskState;
import io.taskq.cli.probe.ProbeRecorder;
import io.taskq.config.ConfigLoader;
import io.taskq.config.RedisConfig;
import io.taskq.config.TaskqConfig;
import io.taskq.redis.testing.RedisServerExtension;
import io.taskq.samples.Launcher.Run;
import io.taskq.spi.Broker;
import io.taskq.spi.BrokerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failure scenarios with real worker processes and a real redis-server (AOF, fsync always):
 * every submitted task must complete; duplicates are counted, not forbidden (at-least-once).
 * The scenario table is printed at the end.
 */
@TestMethodOrder(MethodOrderer.MethodName.class)
class ReliabilityIT {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension(
      "--appendonly", "yes", "--appendfsync", "always");
  private static final Duration LEASE = Duration.ofSeconds(2);
  private static final Duration BOUND = LEASE.plus(LEASE.dividedBy(3));
  private static final List<String> TABLE = Collections.synchronizedList(new ArrayList<>());
  private static final List<String> QUEUES = List.of("r1", "r2", "r3");

  @TempDir Path dir;
  private Launcher taskq;
  private Broker broker;
  private ProbeRecorder probes;
  private Inspector inspector;
  private TaskClient client;
  private final List<Run> workers = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    REDIS.server().cli("FLUSHALL");
    taskq = new Launcher(dir);
    StringBuilder yaml = new StringBuilder("queues:\n");
    for (String q : QUEUES) {
      yaml.append("  ").append(q).append(": { lease: 2s, maxRetries: 5,"
          + " backoff: { type: fixed, base: 1s }, maxCrashes: 3 }\n");
    }
    Path config = Files.writeString(dir.resolve("taskq.yaml"), yaml.toString());
    RedisConfig redis = RedisConfig.DEFAULT.withUrl(REDIS.url());
    broker = BrokerFactory.open(redis);
    TaskqConfig c = ConfigLoader.create().env(Map.of()).file(config).redisUrl(REDIS.url()).load();
    inspector = Inspector.create(broker, c);
    client = TaskClient.create(broker, c);
    probes = ProbeRecorder.forUrl(redis);
  }

  @AfterEach
  void tearDown() {
    workers.forEach(w -> w.process().destroyForcibly());
    client.close();
    probes.close();
    broker.close();
  }

  @AfterAll
  static void printTable() {
    System.out.println("| scenario | tasks | lost | ran more than once | max recovery ms |");
    System.out.println("|---|---|---|---|---|");
    TABLE.forEach(System.out::println);
  }

  private Run worker() {
    Run r = taskq.start("worker", "-Q", String.join(",", QUEUES), "-c", "8", "--redis",
        REDIS.url());
    workers.add(r);
    return r;
  }

  /** Starts a worker that is started again whenever it exits, while {@code supervising}. */
  private void supervised(AtomicBoolean supervising) {
    worker().process().onExit().thenRun(() -> {
      if (supervising.get()) {
        supervised(supervising);
      }
    });
  }

  /**
   * Submits {@code perQueue} tasks to each queue, r1, r2, r3 in turn, from this JVM: what
   * {@code taskq call --count} does, without a JVM start per queue (the launcher's own runs are
   * kept where a scenario is about them).
   */
  private List<String> submit(String task, String args, int perQueue) {
    List<String> ids = new ArrayList<>();
    for (String q : QUEUES) {
      client.submitAllJson(task, Collections.nCopies(perQueue, args),
          TaskOptions.builder().queue(q).build()).forEach(h -> ids.add(h.id()));
    }
    return ids;
  }

  /** Tops the queues up with 200 ms probe.record tasks to {@code atLeast} pending in all. */
  private void keepWaiting(List<String> ids, long atLeast) {
    long pending = QUEUES.stream().mapToLong(q -> inspector.stats(q).pending()).sum();
    if (pending < atLeast) {
      ids.addAll(submit("probe.record", "{\"ms\": 200}", (int) (atLeast - pending) / 3 + 1));
    }
  }

  /** Waits for every id to be recorded done; returns how many ran more than once. */
  private long awaitAllDone(List<String> ids, Duration max) {
    try {
      await().atMost(max).pollInterval(Duration.ofMillis(200))
          .ignoreExceptionsInstanceOf(BrokerUnavailableException.class)
          .until(() -> probes.doneIds().containsAll(ids));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      StringBuilder where = new StringBuilder("not all done; ");
      for (String q : QUEUES) {
        where.append(inspector.stats(q)).append("; ");
        inspector.tasks(q, TaskState.DEAD, 5).forEach(t -> where.append("dead ").append(t.id())
            .append(": ").append(t.lastError()).append("; "));
      }
      where.append("workers ").append(inspector.workers());
      throw new AssertionError(where.toString(), e);
    }
    // a task that ran but whose worker died before the ack is recovered and runs again
    await().atMost(BOUND.plusSeconds(10)).pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> {
          for (String q : QUEUES) {
            assertThat(inspector.stats(q).active()).as("active left in " + q).isZero();
            assertThat(inspector.stats(q).pending()).as("pending left in " + q).isZero();
          }
        });
    return ids.stream().filter(id -> probes.runs(id) > 1).count();
  }

  private void record(String scenario, int tasks, List<String> ids, long duplicates,
      long maxRecoveryMs) {
    long lost = ids.stream().filter(id -> !probes.doneIds().contains(id)).count();
    TABLE.add("| " + scenario + " | " + tasks + " | " + lost + " | " + duplicates + " | "
        + (maxRecoveryMs < 0 ? "-" : Long.toString(maxRecoveryMs)) + " |");
  }

  /** The tasks a worker holds, by its process id. */
  private List<TaskInfo> heldTasks(long pid) {
    List<TaskInfo> held = new ArrayList<>();
    for (String q : QUEUES) {
      for (TaskInfo t : inspector.tasks(q, TaskState.ACTIVE, 10_000)) {
        if (isWorker(t.workerId(), pid)) {
          held.add(t);
        }
      }
    }
    return held;
  }

  private static boolean isWorker(String workerId, long pid) {
    return workerId != null && workerId.contains("-" + pid + "-");
  }

  /** Whether a task is still active under the worker with this pid. */
  private boolean stillHeld(TaskInfo t, long pid) {
    return broker.find(t.queue(), t.id()).filter(s -> s.state() == TaskState.ACTIVE)
        .filter(s -> s.lease() != null && isWorker(s.lease().workerId(), pid)).isPresent();
  }

  @Test
  void a_workersKilledRepeatedlyLoseNothingAndRecoverWithinTheBound() throws Exception {
    // five deliberate kills: a task may be held by four of the killed workers, which maxCrashes 3
    // would rightly dead-letter as a poison task; this scenario is about recovery, not that policy
    Files.writeString(dir.resolve("taskq.yaml"), Files.readString(dir.resolve("taskq.yaml"))
        .replace("maxCrashes: 3", "maxCrashes: 10"));
    // tasks of 200 ms, topped up to 600 waiting (7.5 s of both workers' 16 slots) before each
    // kill instead of all submitted up front: work through every kill and its recovery however
    // slow this machine, and not much left to drain after the last one however fast
    List<String> ids = Collections.synchronizedList(new ArrayList<>());
    keepWaiting(ids, 600);
    worker();
    worker();
    long maxRecovery = 0;
    for (int kill = 0; kill < 5; kill++) {
      // both workers run tasks (the one restarted after the last kill has booted): the orphans
      // of the victim are recovered by the live one, which is what the bound is about
      List<Run> alive = workers.stream().filter(w -> w.process().isAlive()).toList();
      assertThat(alive).hasSize(2);
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        keepWaiting(ids, 600);
        return alive.stream().allMatch(w -> !heldTasks(w.process().pid()).isEmpty());
      });
      Run victim = alive.get(0);
      List<TaskInfo> orphans = heldTasks(victim.process().pid());
      victim.process().destroyForcibly();
      long killedAt = System.nanoTime();
      // recovered = no longer active under the dead worker (back to pending, or run since);
      // polled every 50 ms: faster polling of every orphan loads the 2-core machine it measures
      await().atMost(BOUND.plusSeconds(5)).pollInterval(Duration.ofMillis(50))
          .until(() -> orphans.stream().noneMatch(t -> stillHeld(t, victim.process().pid())));
      long ms = (System.nanoTime() - killedAt) / 1_000_000;
      maxRecovery = Math.max(maxRecovery, ms);
      System.out.println("kill " + (kill + 1) + ": " + orphans.size() + " orphans recovered in "
          + ms + " ms");
      worker(); // then restarted, as systemd does after RestartSec
      assertThat(orphans).isNotEmpty();
    }
    List<String> all = List.copyOf(ids);
    long duplicates = awaitAllDone(all, Duration.ofMinutes(3));
    record("kill -9 of a worker every ~2 s, 5 times, 2 workers, 3 queues", all.size(), all,
        duplicates, maxRecovery);
    assertThat(maxRecovery).as("max recovery ms, bound lease + lease/3")
        .isLessThanOrEqualTo(BOUND.toMillis());
  }

  @Test
  void b_redisRestartedMidRunLosesNothingAcknowledged() throws Exception {
    List<String> ids = submit("probe.record", "{\"ms\": 5}", 400);
    worker();
    await().atMost(Duration.ofSeconds(30)).until(() -> probes.doneCount() >= 200);
    REDIS.server().stop();
    Run during = taskq.run("call", "probe.noop", "-Q", "r1", "--redis", REDIS.url());
    assertThat(during.exitCode(Duration.ZERO)).isEqualTo(2); // fails fast, one line
    assertThat(during.stderr().lines()).hasSize(1);
    REDIS.server().startProcess(); // AOF with fsync always: every acknowledged write is back
    long duplicates = awaitAllDone(ids, Duration.ofMinutes(2));
    record("redis-server restarted mid-run (AOF, fsync always)", ids.size(), ids, duplicates,
        -1);
  }

  @Test
  void c_redisPausedLongerThanTheLeaseLosesNothing() throws Exception {
    List<String> ids = submit("probe.record", "{\"ms\": 20}", 300);
    worker();
    await().atMost(Duration.ofSeconds(30)).until(() -> probes.doneCount() >= 100);
    long redis = REDIS.server().pid();
    signal("STOP", redis);
    // the outage outlasts every lease granted before it: the server stays stopped for lease + 1 s
    try {
      await().during(LEASE.plusSeconds(1)).atMost(LEASE.plusSeconds(5))
          .until(() -> isStopped(redis));
    } finally {
      signal("CONT", redis);
    }
    long duplicates = awaitAllDone(ids, Duration.ofMinutes(2));
    record("redis-server SIGSTOP for lease + 1 s", ids.size(), ids, duplicates, -1);
  }

  @Test
  void d_connectionsKilledByRedisReconnectAndLoseNothing() throws Exception {
    List<String> ids = submit("probe.record", "{\"ms\": 5}", 400);
    worker();
    await().atMost(Duration.ofSeconds(30)).until(() -> probes.doneCount() >= 200);
    for (int i = 0; i < 3; i++) {
      long before = probes.doneCount();
      REDIS.server().cli("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
      // the kill also drops this test's own reader; it reconnects like the worker does
      await().atMost(Duration.ofSeconds(30))
          .ignoreExceptionsInstanceOf(BrokerUnavailableException.class)
          .until(() -> probes.doneCount() > before + 50 || probes.doneIds().containsAll(ids));
    }
    long duplicates = awaitAllDone(ids, Duration.ofMinutes(2));
    record("CLIENT KILL of all connections, 3 times", ids.size(), ids, duplicates, -1);
  }

  @Test
  void e_badInputEndsInTheDlqWithItsReasonAndTheWorkerLives() throws Exception {
    broker.setPaused("r1", true);
    String model = submit("probe.record", "{\"ms\": 1}", 1).get(0); // r1, r2, r3: one each
    String envelope = REDIS.server().cli("HGET", "taskq:{r1}:tasks", model);
    assertThat(envelope).contains("\"probe.record\"").contains(model);
    Map<String, String> bad = Map.of(
        "bad-bytes", "\u0001\u00ff garbage, not JSON {",
        "bad-truncated", envelope.substring(0, envelope.length() / 2),
        "bad-unknown-task", envelope.replace(model, "bad-unknown-task")
            .replace("\"probe.record\"", "\"no.such.task\""),
        "bad-unbound-args", envelope.replace(model, "bad-unbound-args")
            .replaceAll("\"ms\"\\s*:\\s*1", "\"ms\":\"not a number\""));
    assertThat(bad.get("bad-unbound-args")).contains("not a number");
    bad.forEach((id, stored) -> {
      REDIS.server().cli("HSET", "taskq:{r1}:tasks", id, stored);
      REDIS.server().cli("RPUSH", "taskq:{r1}:pending", id);
    });
    List<String> ids = new ArrayList<>(submit("probe.record", "{\"ms\": 1}", 100));
    ids.add(model);

    Path big = dir.resolve("big.json");
    Files.writeString(big, "{\"ms\": 1, \"text\": \"" + "x".repeat(10 * 1024 * 1024) + "\"}");
    Run tooBig = taskq.run("call", "probe.record", "-Q", "r2", "--args-file", big.toString(),
        "--redis", REDIS.url());
    assertThat(tooBig.exitCode(Duration.ZERO)).as(tooBig.stderr()).isEqualTo(64);
    assertThat(tooBig.stderr().lines().toList()).hasSize(1).first().asString()
        .contains("maxPayload");
    assertThat(tooBig.stdout()).isEmpty();

    Run w = worker();
    broker.setPaused("r1", false);
    long duplicates = awaitAllDone(ids, Duration.ofMinutes(1));
    await().atMost(Duration.ofSeconds(30)).until(() -> inspector.stats("r1").dead() == 4);
    Map<String, String> reasons = new HashMap<>();
    for (TaskInfo t : inspector.tasks("r1", TaskState.DEAD, 10)) {
      reasons.put(t.id(), t.lastError() == null ? "" : t.lastError().message());
    }
    assertThat(reasons.get("bad-bytes")).contains("not valid JSON");
    assertThat(reasons.get("bad-truncated")).contains("not valid JSON");
    assertThat(reasons.get("bad-unknown-task")).contains("no handler for task 'no.such.task'");
    assertThat(reasons.get("bad-unbound-args")).contains("do not bind");
    assertThat(w.process().isAlive()).isTrue();
    assertThat(inspector.stats("r2").pending() + inspector.stats("r2").dead()).isZero();
    record("bad input: garbage, truncated JSON, unknown task, unbound arguments (4 to the DLQ,"
        + " with reasons); a 10 MB payload refused at submit", ids.size() + 5, ids, duplicates,
        -1);
  }

  @Test
  void f_aPoisonTaskIsDeadLetteredAndTheOthersKeepFlowing() throws Exception {
    String poison = client.submitJson("probe.crash", "{}", TaskOptions.builder().queue("r2")
        .build()).id();
    List<String> ids = submit("probe.record", "{\"ms\": 20}", 300);
    // each worker is restarted when it exits, as systemd's Restart=always does
    AtomicBoolean supervising = new AtomicBoolean(true);
    supervised(supervising);
    supervised(supervising);
    try {
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
          .until(() -> inspector.stats("r2").dead() == 1);
      // an innocent task in the DLQ would never be done: fail on it at once
      await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
          .until(() -> probes.doneIds().containsAll(ids)
              || QUEUES.stream().mapToLong(q -> inspector.stats(q).dead()).sum() > 1);
      for (String q : QUEUES) {
        List<TaskInfo> dead = inspector.tasks(q, TaskState.DEAD, 10);
        assertThat(dead).as("dead in %s: %s", q, dead.stream()
                .map(t -> t.id() + " " + t.lastError()).toList())
            .extracting(TaskInfo::id).containsExactlyElementsOf(
                q.equals("r2") ? List.of(poison) : List.of());
      }
      long duplicates = awaitAllDone(ids, Duration.ofMinutes(1));
      TaskInfo poisoned = inspector.tasks("r2", TaskState.DEAD, 10).get(0);
      assertThat(poisoned.id()).isEqualTo(poison);
      assertThat(poisoned.lastError().message()).isEqualTo("crashed worker 4 times");
      record("poison task halting its JVM on every run (maxCrashes 3; dead-lettered after 4"
          + " crashes, no other task with it)", ids.size() + 1, ids, duplicates, -1);
    } finally {
      supervising.set(false);
    }
  }

  @Test
  void g_sigtermDuringLongTasksReturnsThemToPending() throws Exception {
    List<String> ids = submit("probe.record", "{\"ms\": 4000}", 4);
    Run w = taskq.start(Map.of("TASKQ_WORKER_SHUTDOWN_GRACE", "1s"), "worker", "-Q",
        String.join(",", QUEUES), "-c", "8", "--redis", REDIS.url());
    workers.add(w);
    await().atMost(Duration.ofSeconds(30)).until(() -> QUEUES.stream()
        .mapToLong(q -> inspector.stats(q).active()).sum() == ids.size());
    long t0 = System.nanoTime();
    w.process().destroy(); // SIGTERM
    assertThat(w.exitCode(Duration.ofSeconds(10))).as(w.stderr()).isZero();
    long exitMs = (System.nanoTime() - t0) / 1_000_000;
    assertThat(exitMs).isLessThan(1000 + 2000);
    for (String q : QUEUES) {
      assertThat(inspector.stats(q).active()).isZero();
      assertThat(inspector.stats(q).pending()).isEqualTo(4);
    }
    worker();
    long duplicates = awaitAllDone(ids, Duration.ofMinutes(1));
    record("SIGTERM during 4 s tasks (grace 1 s): exit 0 after " + exitMs + " ms, all back to"
        + " pending", ids.size(), ids, duplicates, -1);
  }

  @Test
  void s_scriptFlushUnderLoadLosesNothing() throws Exception {
    List<String> ids = submit("probe.record", "{\"ms\": 5}", 400);
    worker();
    for (int i = 0; i < 6; i++) {
      long before = probes.doneCount();
      REDIS.server().cli("SCRIPT", "FLUSH");
      // every script is reloaded on its next NOSCRIPT, and work goes on
      await().atMost(Duration.ofSeconds(30)).until(() -> probes.doneCount() > before + 100
          || probes.doneIds().containsAll(ids));
    }
    long duplicates = awaitAllDone(ids, Duration.ofMinutes(2));
    record("`SCRIPT FLUSH` 6 times under load", ids.size(), ids, duplicates, -1);
  }

  @Test
  void t_purgeUnderLoadLosesAndResurrectsNothing() throws Exception {
    List<String> ids = submit("probe.record", "{\"ms\": 20}", 1000); // r1, r2, r3 in turn
    // r2 gets 4,000 more: most of it is still pending when the purge (a JVM start away) runs
    List<String> purgedQueue = new ArrayList<>(ids.subList(1000, 2000));
    client.submitAllJson("probe.record", Collections.nCopies(4000, "{\"ms\": 20}"),
        TaskOptions.builder().queue("r2").build()).forEach(h -> purgedQueue.add(h.id()));
    List<String> kept = new ArrayList<>(ids.subList(0, 1000));
    kept.addAll(ids.subList(2000, 3000));
    worker();
    await().atMost(Duration.ofSeconds(30)).until(() -> probes.doneCount() >= 300);
    Run purge = taskq.run("purge", "-Q", "r2", "--force", "--redis", REDIS.url());
    assertThat(purge.exitCode(Duration.ZERO)).as(purge.stderr()).isZero();
    long purged = Long.parseLong(purge.stdout().strip().split(" ")[1]);
    long duplicates = awaitAllDone(kept, Duration.ofMinutes(2));
    // settled (awaitAllDone waited for no active and no pending task): each task of r2 either
    // ran before the purge (or was running during it) or was purged, never both, none lost
    long ran = purgedQueue.stream().filter(probes.doneIds()::contains).count();
    assertThat(ran + purged).isEqualTo(purgedQueue.size());
    assertThat(REDIS.server().cli("HLEN", "taskq:{r2}:tasks")).isEqualTo("0");
    record("`purge --force` of one queue under load (" + purged + " purged, " + ran
        + " ran, none both)", kept.size(), kept, duplicates, -1);
  }

  /** Whether a process is stopped by a signal: state {@code T} in {@code /proc/<pid>/stat}. */
  private static boolean isStopped(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    return stat.substring(stat.lastIndexOf(')') + 1).strip().startsWith("T");
  }

  private static void signal(String name, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start();
    assertThat(kill.waitFor()).isZero();
  }
}
